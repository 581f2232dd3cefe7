// Live view for the projector: refresh the panel every 5 seconds without reloading the page.
(function () {
    "use strict";
    var box = document.getElementById("live");
    if (!box || !window.fetch) return;
    setInterval(function () {
        fetch(box.dataset.url, { credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.text() : null; })
            .then(function (html) { if (html) box.innerHTML = html; })
            .catch(function () {});
    }, 5000);
})();
