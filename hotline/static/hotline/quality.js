// Session pages (§3.6): recording tabs sharing one player, "n" = next recording, time-stamped
// comments, training flags, autosave of drafts every few seconds.
(function () {
  const form = document.getElementById("qa-form");
  if (!form) return;
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const audio = document.getElementById("audio");
  const tabs = Array.from(document.querySelectorAll(".qa-tab"));
  const panels = Array.from(document.querySelectorAll(".qa-panel"));
  const sides = Array.from(document.querySelectorAll(".qa-side"));
  let current = 0;

  function show(i) {
    if (!tabs.length) return;
    current = (i + tabs.length) % tabs.length;
    tabs.forEach((t, k) => t.classList.toggle("active", k === current));
    panels.forEach((p, k) => { p.hidden = k !== current; });
    sides.forEach((p, k) => { p.hidden = k !== current; });
    const src = tabs[current].dataset.audio;
    if (audio && src && audio.getAttribute("src") !== src) { audio.pause(); audio.setAttribute("src", src); audio.load(); }
  }
  tabs.forEach((t, k) => t.addEventListener("click", (ev) => { ev.preventDefault(); show(k); }));
  const next = document.getElementById("qa-next");
  if (next) next.addEventListener("click", () => show(current + 1));
  document.addEventListener("keydown", (ev) => {
    const tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    if (ev.key === "n" || ev.key === "N") { ev.preventDefault(); show(current + 1); }
  });

  async function post(url, data) {
    const r = await fetch(url, { method: "POST", body: data, headers: { "X-CSRFToken": csrf }, credentials: "same-origin" });
    return r.json();
  }

  // time-stamped comments at the player's position
  document.querySelectorAll(".qa-mark-add").forEach((btn) => btn.addEventListener("click", async () => {
    const box = btn.closest(".qa-side");
    const input = box.querySelector(".qa-mark-text");
    if (!input.value.trim()) return;
    const data = new FormData();
    data.append("text", input.value);
    data.append("at_seconds", audio ? audio.currentTime.toFixed(1) : "0");
    const res = await post(btn.dataset.url, data);
    if (res.ok) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = "#"; a.textContent = Math.round(res.at_seconds) + "s";
      a.addEventListener("click", (e) => { e.preventDefault(); audio.currentTime = res.at_seconds; audio.play(); });
      li.append(a, " " + res.text);
      box.querySelector(".qa-marks").append(li);
      input.value = "";
    }
  }));

  // training library flags
  document.querySelectorAll(".qa-flag-add").forEach((btn) => btn.addEventListener("click", async () => {
    const box = btn.closest(".qa-flag");
    const data = new FormData();
    data.append("kind", box.querySelector(".qa-flag-kind").value);
    data.append("reason", box.querySelector(".qa-flag-reason").value);
    data.append("marks", box.querySelector(".qa-flag-marks").value);
    const res = await post(btn.dataset.url, data);
    box.querySelector(".qa-flag-done").textContent = res.ok ? "✓" : (res.error || "!");
  }));

  // §3.6 live alert: the call's marks so far go with the request; the agent and team leader are told at
  // once. The button is disabled while the request runs (a double click sends one alert).
  document.querySelectorAll(".qa-alert").forEach((btn) => btn.addEventListener("click", async () => {
    if (btn.disabled) return;
    btn.disabled = true;
    const out = btn.parentElement.querySelector(".qa-alert-done");
    try {
      const r = await fetch(btn.dataset.url, { method: "POST", body: new FormData(form), headers: { "X-CSRFToken": csrf }, credentials: "same-origin" });
      const res = await r.json();
      out.textContent = res.ok ? res.message : (res.error || res.detail || "!");
      out.classList.toggle("error", !res.ok);
    } catch (e) {
      out.textContent = "!";
    } finally {
      btn.disabled = false;
    }
  }));

  // autosave: the whole form to the draft endpoint when something changed
  const saved = document.getElementById("qa-saved");
  let dirty = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("change", () => { dirty = true; });
  async function autosave() {
    if (!dirty || !form.dataset.draft) return;
    dirty = false;
    try {
      const res = await post(form.dataset.draft, new FormData(form));
      if (saved && res.ok) saved.textContent = saved.dataset.label ? saved.dataset.label + " " + res.saved_at : "✓ " + res.saved_at;
    } catch (e) { dirty = true; }
  }
  setInterval(autosave, 4000);
  form.addEventListener("submit", () => { dirty = false; });
})();
