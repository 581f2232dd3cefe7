// Export list: poll the status of each unfinished export and update its progress bar and link in place.
(function () {
    "use strict";
    var table = document.getElementById("exports");
    if (!table || !window.fetch) return;
    var label = table.dataset.downloadLabel || "Unduh";

    function poll(row) {
        fetch(row.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (data) {
                if (!data) return;
                row.querySelector("progress").value = data.progress;
                row.querySelector("[data-progress]").textContent = data.progress;
                row.querySelector("[data-status]").textContent = data.status_label;
                var cell = row.querySelector("[data-file]");
                if (data.download_url) {
                    var link = document.createElement("a");
                    link.href = data.download_url;
                    link.textContent = label;
                    cell.replaceChildren(link);
                } else if (data.error) {
                    var note = document.createElement("span");
                    note.className = "muted";
                    note.textContent = data.error;
                    cell.replaceChildren(note);
                }
                if (data.status === "done" || data.status === "failed") delete row.dataset.statusUrl;
            })
            .catch(function () {});
    }

    function tick() {
        var rows = table.querySelectorAll("tr[data-status-url]");
        rows.forEach(poll);
        if (rows.length) setTimeout(tick, 2000);
    }
    tick();
})();
