// Saves each answer the moment it is given, so a reload or a dropped connection loses nothing.
// Without JavaScript the "Simpan jawaban" button saves the whole form the ordinary way.
(function () {
    "use strict";
    var form = document.getElementById("attempt-form");
    if (!form || !window.fetch) return;
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

    function save(fieldset) {
        var body = new FormData();
        body.append("csrfmiddlewaretoken", token);
        body.append("question", fieldset.dataset.question);
        var inputs = fieldset.querySelectorAll("input:checked");
        var likert = fieldset.querySelector(".likert");
        for (var i = 0; i < inputs.length; i++) body.append(likert ? "likert" : "choice", inputs[i].value);
        var state = fieldset.querySelector(".save-state");
        fetch(form.dataset.answerUrl, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
            .then(function (res) {
                state.textContent = res.ok ? form.dataset.savedLabel + " " + res.data.saved_at : res.data.error;
                state.className = "save-state " + (res.ok ? "muted" : "errorlist");
            })
            .catch(function () { state.textContent = form.dataset.failedLabel; state.className = "save-state errorlist"; });
    }

    form.addEventListener("change", function (event) {
        var fieldset = event.target.closest("fieldset[data-question]");
        if (fieldset) save(fieldset);
    });
})();
