// Progressive enhancement for the Kalkulator: "fill all", and live results fetched from the
// server (which does the computing) as levels change. Without JavaScript the form posts normally.
(function () {
    "use strict";
    var form = document.getElementById("kalkulator");
    if (!form || !window.fetch) return;
    var selects = form.querySelectorAll("select[name^=i]");
    var fill = document.querySelector("[data-fill-all]");
    var out = document.getElementById("hasil");

    function complete() {
        for (var i = 0; i < selects.length; i++) if (!selects[i].value) return false;
        return true;
    }

    var labels = form.dataset;
    function num(value) { return value.replace(".", labels.decimal || ","); }
    function text(value) { var span = document.createElement("span"); span.textContent = value; return span.innerHTML; }

    function render(data) {
        var html = '<section class="result"><h2>' + text(labels.labelResult) + '</h2><p><span class="big">' + num(data.index) +
            "</span> <strong>" + text(data.predikat || "") + "</strong></p>";
        function rows(title, obj) {
            if (!obj) return "";
            var r = "<h3>" + text(title) + "</h3><table><tbody>";
            Object.keys(obj).forEach(function (k) { r += "<tr><th scope=\"row\">" + text(k) + "</th><td>" + num(obj[k]) + "</td></tr>"; });
            return r + "</tbody></table>";
        }
        out.innerHTML = html + rows(labels.labelDomains, data.domains) + rows(labels.labelAspects, data.aspects) + "</section>";
    }

    function update() {
        if (!complete()) return;
        fetch(form.dataset.jsonUrl, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" }, credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (data) { if (data) render(data); })
            .catch(function () { /* the normal submit still works */ });
    }

    form.addEventListener("change", update);
    if (fill) fill.addEventListener("change", function () {
        for (var i = 0; i < selects.length; i++) selects[i].value = fill.value;
        update();
    });
})();
