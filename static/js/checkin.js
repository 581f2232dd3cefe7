// Projector view of the rotating check-in QR: fetch a fresh code and the present count without reloading.
(function () {
    "use strict";
    var box = document.getElementById("checkin");
    if (!box || !window.fetch) return;
    var qr = box.querySelector("[data-qr]"), present = box.querySelector("[data-present]"), secs = box.querySelector("[data-seconds]");
    if (!qr) return;
    var left = parseInt(secs.textContent, 10) || 30;
    function refresh() {
        fetch(box.dataset.refreshUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
            .then(function (r) { return r.json(); })
            .then(function (data) { qr.innerHTML = data.qr; present.textContent = data.present; left = data.seconds_left; })
            .catch(function () {});
    }
    setInterval(function () {
        left -= 1;
        if (left <= 0) { refresh(); left = 30; }
        secs.textContent = left;
    }, 1000);
    setInterval(function () { refresh(); }, 10000);
})();
