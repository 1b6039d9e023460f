// The progress of a background job (hotline/jobs): polls its JSON endpoint every second until it
// finishes, then reloads the page when asked (data-reload="1") so the results show.
(function () {
  function follow(box) {
    if (box.dataset.following) { return; }
    box.dataset.following = "1";
    var bar = box.querySelector(".job-progress-bar");
    function show(s) {
      if (s.percent !== null && s.percent !== undefined) { bar.value = s.percent; } else { bar.removeAttribute("value"); }
      box.querySelector(".job-progress-status").textContent = s.status_label;
      box.querySelector(".job-progress-count").textContent = s.total ? s.done + " / " + s.total : "";
      box.querySelector(".job-progress-message").textContent = s.error || s.message || "";
    }
    function poll() {
      fetch(box.dataset.jobUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (s) {
          show(s);
          if (s.finished) {
            box.dataset.finished = "1";
            if (box.dataset.reload === "1") { location.reload(); }
            return;
          }
          setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    if (box.dataset.finished !== "1") { poll(); }
  }
  function start() { document.querySelectorAll(".job-progress").forEach(follow); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
