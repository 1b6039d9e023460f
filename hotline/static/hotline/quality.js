// Session pages (§3.6): recording tabs sharing one player, keyboard scoring, "all compliant" then
// exceptions, suggested strengths/improvements, time-stamped comments, training flags, autosave, and
// the per-recording check before posting (the server checks again and shows the same marks).
// Keys outside text fields: a all compliant · j/↓ k/↑ next/previous item · 1 yes (full marks) · 2 no
// · 3 N.A. · c comment · s/w insert a strength/improvement · n/p next/previous recording ·
// Ctrl+Enter submit. In a comment box Enter or Esc goes back to the items.
(function () {
  const form = document.getElementById("qa-form");
  if (!form) return;
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const audio = document.getElementById("audio");
  const tabs = Array.from(document.querySelectorAll(".qa-tab"));
  const panels = Array.from(document.querySelectorAll(".qa-panel"));
  const sides = Array.from(document.querySelectorAll(".qa-side"));
  const msgs = (document.getElementById("qa-msgs") || { dataset: {} }).dataset;
  const tips = Array.from(document.querySelectorAll("#qa-tips li")).map((li) => li.textContent.trim());
  const editable = !!document.getElementById("qa-submit");
  const CHOICE = ["radio", "checkbox", "button", "submit", "reset"]; // keys still reach the page there
  let current = 0;
  let item = 0;

  const fill = (text, vals) => (text || "").replace(/%\((\w+)\)s/g, (_, k) => (k in vals ? vals[k] : ""));
  const panel = () => panels[current];
  const items = () => (panel() ? Array.from(panel().querySelectorAll(".qa-item")) : []);

  // --- answers of one item ------------------------------------------------------------------------
  function answerOf(el) {
    const checked = el.querySelector("input[type=radio]:checked");
    if (checked) return checked.value;
    const sel = el.querySelector(".qa-answer select");
    return sel ? sel.value : "";
  }
  const meta = (el) => (el.querySelector(".qa-answer") || el).dataset;
  function isFull(el, value) {
    if (value === "yes") return true;
    const max = meta(el).scaleMax;
    return max !== "" && max !== undefined && value === max;
  }
  function commentNeeded(el) {
    const rule = meta(el).commentRule;
    const v = answerOf(el);
    if (!v) return false;
    if (rule === "always") return true;
    return rule === "when_lost" && v !== "na" && !isFull(el, v);
  }
  function setAnswer(el, key) {
    const sel = el.querySelector(".qa-answer select");
    if (sel) {
      if (sel.disabled) return false;
      if (key === "yes") sel.value = meta(el).scaleMax;
      else if (key === "na" && sel.querySelector("option[value=na]")) sel.value = "na";
      else if (key === "no") { sel.focus(); return false; } // a scale: the monitor picks the points
      else return false;
      sel.dispatchEvent(new Event("change", { bubbles: true }));
      return true;
    }
    const radio = el.querySelector(`input[type=radio][value="${key}"]`);
    if (!radio || radio.disabled) return false;
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  // --- moving around --------------------------------------------------------------------------------
  function focusItem(i, scroll) {
    const list = items();
    if (!list.length) return;
    item = Math.max(0, Math.min(i, list.length - 1));
    list.forEach((el, k) => el.classList.toggle("qa-cur", k === item));
    if (scroll !== false) list[item].scrollIntoView({ block: "nearest" });
  }
  function show(i) {
    if (!tabs.length) return;
    current = (i + tabs.length) % tabs.length;
    tabs.forEach((t, k) => t.classList.toggle("active", k === current));
    panels.forEach((p, k) => { p.hidden = k !== current; });
    sides.forEach((p, k) => { p.hidden = k !== current; });
    if (window.hotlinePlayer) window.hotlinePlayer.show(current);
    else if (audio) {
      const src = tabs[current].dataset.audio;
      if (src && audio.getAttribute("src") !== src) { audio.pause(); audio.setAttribute("src", src); audio.load(); }
    }
    const list = items();
    const firstOpen = list.findIndex((el) => el.classList.contains("qa-missing") || !answerOf(el));
    focusItem(firstOpen < 0 ? 0 : firstOpen, false);
    window.scrollTo({ top: 0 });
  }
  tabs.forEach((t, k) => t.addEventListener("click", (ev) => { ev.preventDefault(); show(k); }));
  document.querySelectorAll(".qa-goto").forEach((a) => a.addEventListener("click", (ev) => {
    ev.preventDefault(); show(parseInt(a.dataset.index, 10));
  }));
  const next = document.getElementById("qa-next");
  if (next) next.addEventListener("click", () => show(current + 1));
  form.querySelectorAll(".qa-item").forEach((el) => el.addEventListener("click", () => {
    const k = items().indexOf(el);
    if (k >= 0) focusItem(k, false);
  }));

  // --- "all compliant" then exceptions --------------------------------------------------------------
  function allYes() {
    items().forEach((el) => { if (!answerOf(el)) setAnswer(el, "yes"); });
    focusItem(0, false);
  }
  form.querySelectorAll(".qa-all-yes").forEach((b) => b.addEventListener("click", allYes));

  // an answer that loses points on an item needing a comment: straight to its comment box
  form.addEventListener("change", (ev) => {
    const el = ev.target.closest && ev.target.closest(".qa-item");
    if (!el) return;
    clearMark(el);
    if (ev.isTrusted && commentNeeded(el)) {
      const c = el.querySelector(".qa-comment");
      if (c && !c.value.trim()) c.focus();
    }
  });

  // --- suggested feedback lines -----------------------------------------------------------------------
  function suggestions(field) {
    const out = [];
    items().forEach((el) => {
      const v = answerOf(el);
      const label = meta(el).label || "";
      const note = (el.querySelector(".qa-comment") || {}).value || "";
      if (field === "strengths" && v && isFull(el, v)) out.push(label);
      if (field === "improvements" && v && v !== "na" && !isFull(el, v)) out.push(note.trim() ? label + "：" + note.trim() : label);
    });
    return field === "improvements" ? out.concat(tips) : out;
  }
  function insertSuggestion(field) {
    const box = panel() && panel().querySelector(`textarea[name$="-${field}"]`);
    if (!box || box.disabled) return;
    const have = box.value.split("\n").map((s) => s.trim());
    const line = suggestions(field).find((s) => s && !have.includes(s));
    if (!line) { box.focus(); return; }
    box.value = (box.value.trim() ? box.value.replace(/\s+$/, "") + "\n" : "") + line;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    clearMark(box.closest(".qa-fb"));
  }

  // --- keyboard -------------------------------------------------------------------------------------
  document.addEventListener("keydown", (ev) => {
    if (ev.defaultPrevented) return;
    const tag = (ev.target.tagName || "").toLowerCase();
    const typing = tag === "input" ? !CHOICE.includes(ev.target.type) : tag === "textarea" || tag === "select" || ev.target.isContentEditable;
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      if (editable) { ev.preventDefault(); form.requestSubmit(); }
      return;
    }
    if (typing) {
      const inItem = ev.target.closest && ev.target.closest(".qa-item");
      if (tag === "input" && ev.key === "Enter") {
        ev.preventDefault(); // a comment box never submits the whole session
        ev.target.blur();
        if (inItem) focusItem(items().indexOf(inItem) + 1);
      } else if (ev.key === "Escape") {
        ev.target.blur();
        if (inItem) focusItem(items().indexOf(inItem));
      }
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const list = items();
    const el = list[item];
    const k = ev.key;
    let handled = true;
    if (k === "n" || k === "N") show(current + 1);
    else if (k === "p" || k === "P") show(current - 1);
    else if (!editable) handled = false;
    else if (k === "j" || k === "ArrowDown") focusItem(item + 1);
    else if (k === "k" || k === "ArrowUp") focusItem(item - 1);
    else if (k === "a") allYes();
    else if (k === "s") insertSuggestion("strengths");
    else if (k === "w") insertSuggestion("improvements");
    else if ((k === "1" || k === "2" || k === "3") && el) {
      const key = { 1: "yes", 2: "no", 3: "na" }[k];
      if (setAnswer(el, key)) {
        const c = el.querySelector(".qa-comment");
        if (commentNeeded(el) && c && !c.value.trim()) c.focus();
        else focusItem(item + 1);
      }
    } else if (k === "c" && el) { const c = el.querySelector(".qa-comment"); if (c) { ev.preventDefault(); c.focus(); } }
    else handled = false;
    if (handled) ev.preventDefault();
  });

  // --- the check before posting (same marks as the server's) ---------------------------------------
  function clearMark(box) {
    if (!box || !box.classList.contains("qa-missing")) return;
    box.classList.remove("qa-missing");
    box.querySelectorAll(".qa-error").forEach((e) => e.remove());
    const p = box.closest(".qa-panel");
    if (p) badge(panels.indexOf(p), p.querySelectorAll(".qa-missing").length + p.querySelectorAll(".qa-general").length);
  }
  function mark(box, text) {
    box.classList.add("qa-missing");
    box.querySelectorAll(".qa-error").forEach((e) => e.remove());
    const span = document.createElement("span");
    span.className = "qa-error"; span.setAttribute("role", "alert"); span.textContent = text;
    const before = box.querySelector(".qa-suggest, .inspection-hint, .qa-comment");
    box.insertBefore(span, before);
  }
  function badge(i, count) {
    const tab = tabs[i];
    if (!tab) return;
    const b = tab.querySelector(".qa-badge");
    tab.classList.toggle("qa-bad", count > 0);
    if (b) { b.hidden = count === 0; b.textContent = count ? fill(msgs.badge, { k: count }) : ""; }
  }
  function check(p) {
    p.querySelectorAll(".qa-missing").forEach((b) => { b.classList.remove("qa-missing"); b.querySelectorAll(".qa-error").forEach((e) => e.remove()); });
    p.querySelectorAll(".qa-general").forEach((e) => e.remove());
    let count = 0;
    const its = Array.from(p.querySelectorAll(".qa-item"));
    its.forEach((el) => {
      const v = answerOf(el);
      const c = el.querySelector(".qa-comment");
      if (!v) { mark(el, msgs.missing); count++; }
      else if (commentNeeded(el) && !(c && c.value.trim())) { mark(el, msgs.comment); count++; }
    });
    if (its.length && its.every((el) => answerOf(el) === "na")) {
      const g = document.createElement("p");
      g.className = "qa-error qa-general"; g.setAttribute("role", "alert"); g.textContent = msgs.allNa;
      p.querySelector(".qa-feedback").after(g); count++;
    }
    ["strengths", "improvements"].forEach((f) => {
      const box = p.querySelector(`textarea[name$="-${f}"]`);
      if (box && !box.disabled && !box.value.trim()) { mark(box.closest(".qa-fb"), msgs[f]); count++; }
    });
    return count;
  }
  form.addEventListener("input", (ev) => {
    const box = ev.target.closest && ev.target.closest(".qa-fb, .qa-item");
    if (box && ev.target.value && ev.target.value.trim()) clearMark(box);
  });
  form.addEventListener("submit", (ev) => {
    if (!editable) return;
    const summary = document.getElementById("qa-check");
    const bad = [];
    panels.forEach((p, i) => {
      if (p.querySelector(".qa-item input:disabled, .qa-item select:disabled")) return; // already submitted
      const n = check(p);
      badge(i, n);
      if (n) bad.push([i, n]);
    });
    if (!bad.length) { dirty = false; return; }
    ev.preventDefault();
    if (summary) {
      summary.textContent = "";
      const head = document.createElement("p");
      head.textContent = fill(msgs.head, { n: bad.length });
      const ul = document.createElement("ul");
      bad.forEach(([i, n]) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = "#"; a.className = "qa-goto"; a.dataset.index = String(i);
        const call = (tabs[i].querySelector("b") || {}).textContent || "";
        a.textContent = fill(msgs.row, { n: i + 1, call: call, k: n });
        a.addEventListener("click", (e) => { e.preventDefault(); show(i); });
        li.append(a); ul.append(li);
      });
      summary.append(head, ul);
      summary.hidden = false;
    }
    show(bad[0][0]);
    const first = panel().querySelector(".qa-missing");
    if (first) {
      const list = items();
      if (list.includes(first)) focusItem(list.indexOf(first));
      else { const t = first.querySelector("textarea"); if (t) t.focus(); }
      first.scrollIntoView({ block: "center" });
    }
  });

  async function post(url, data) {
    const r = await fetch(url, { method: "POST", body: data, headers: { "X-CSRFToken": csrf }, credentials: "same-origin" });
    return r.json();
  }

  // time-stamped comments at the player's position, shown on the player's timeline at once
  document.querySelectorAll(".qa-mark-add").forEach((btn) => btn.addEventListener("click", async () => {
    const box = btn.closest(".qa-side");
    const input = box.querySelector(".qa-mark-text");
    if (!input.value.trim()) return;
    const data = new FormData();
    data.append("text", input.value);
    data.append("at_seconds", audio ? audio.currentTime.toFixed(1) : "0");
    const res = await post(btn.dataset.url, data);
    if (res.ok) {
      if (window.hotlinePlayer) window.hotlinePlayer.addMark(current, res.at_seconds, res.text);
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
  const start = panels.findIndex((p) => p.querySelector(".qa-missing"));
  if (start > 0) show(start);
  else focusItem(Math.max(0, items().findIndex((el) => !answerOf(el))), false);
})();
