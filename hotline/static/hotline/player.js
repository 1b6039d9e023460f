// The recording player (inspection/_player.html), one per page: play/pause, seek, ±5 s, speed,
// a speech timeline of both channels with comment and automatic-inspection markers, transcript
// lines that seek. A session page has one track per recording: window.hotlinePlayer.show(i).
// Keys (outside text fields): Space play/pause, ← → 5 s back/forward; on the timeline slider
// ← → 5 s, Home/End start/end.
(function () {
  const root = document.querySelector("[data-player]");
  const audio = document.getElementById("audio");
  if (!root || !audio) return;
  const play = document.getElementById("play");
  const seek = document.getElementById("seek");
  const time = document.getElementById("time");
  const speed = document.getElementById("speed");
  const tracks = Array.from(root.querySelectorAll(".pl-track"));
  let current = tracks[0] || null;

  const fmt = (s) => { s = Math.max(0, Math.floor(s || 0)); return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0"); };
  const duration = () => audio.duration || (current ? parseFloat(current.dataset.duration) : 0) || 0;

  function refresh() {
    const d = duration();
    const t = audio.currentTime || 0;
    time.textContent = fmt(t) + " / " + fmt(d);
    if (d) seek.value = Math.round((t / d) * 1000);
    play.textContent = audio.paused ? play.dataset.play : play.dataset.pause;
    const at = document.getElementById("comment-at");
    if (at) at.value = t.toFixed(1);
    if (!current) return;
    const line = current.querySelector(".pl-timeline");
    if (line) {
      const head = line.querySelector(".pl-head");
      if (head && d) head.style.left = Math.min(100, (t / d) * 100) + "%";
      line.setAttribute("aria-valuenow", String(Math.floor(t)));
      line.setAttribute("aria-valuetext", fmt(t));
    }
    current.querySelectorAll(".pl-line").forEach((b) => {
      const on = t >= parseFloat(b.dataset.seek) && t < parseFloat(b.dataset.end || b.dataset.seek);
      b.classList.toggle("now", on);
    });
  }

  function seekTo(t, andPlay) {
    const d = duration();
    t = Math.max(0, d ? Math.min(t, d) : t);
    const go = () => { audio.currentTime = t; refresh(); if (andPlay) audio.play().catch(() => {}); };
    if (audio.readyState >= 1) go();
    else audio.addEventListener("loadedmetadata", go, { once: true });
  }
  const jump = (delta) => seekTo((audio.currentTime || 0) + delta, false);
  const toggle = () => (audio.paused ? audio.play().catch(() => {}) : audio.pause());

  // No speech segments from the inspection or a transcript: draw each channel's envelope in the browser
  // from the recording itself (Web Audio decoding; recordings up to 20 minutes).
  const ENVELOPE_MAX_SECONDS = 1200;
  function envelope(track) {
    const Ctx = window.OfflineAudioContext || window.webkitOfflineAudioContext;
    if (!Ctx || !track || track.dataset.env || track.querySelector(".pl-speech")) return;
    const url = track.dataset.audio;
    if (!url || !(parseFloat(track.dataset.duration) <= ENVELOPE_MAX_SECONDS)) return;
    track.dataset.env = "loading";
    fetch(url, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(String(r.status)))))
      .then((buf) => new Ctx(2, 1, 8000).decodeAudioData(buf))
      .then((decoded) => { drawEnvelope(track, decoded); track.dataset.env = "drawn"; })
      .catch(() => { track.dataset.env = "failed"; });
  }
  function drawEnvelope(track, decoded) {
    const lanes = [track.querySelector(".pl-lane-agent"), track.querySelector(".pl-lane-customer")];
    const colours = ["#1565c0", "#ef6c00"];
    const ratio = window.devicePixelRatio || 1;
    const bins = Math.max(100, Math.round(((lanes[0] && lanes[0].clientWidth) || 600) * ratio));
    const peaks = lanes.map((lane, ch) => {
      if (!lane || ch >= decoded.numberOfChannels) return null;
      const data = decoded.getChannelData(ch);
      const per = Math.max(1, Math.floor(data.length / bins));
      const out = new Float32Array(bins);
      for (let x = 0; x < bins; x++) {
        let peak = 0;
        for (let k = x * per, end = Math.min(data.length, k + per); k < end; k++) {
          const v = Math.abs(data[k]);
          if (v > peak) peak = v;
        }
        out[x] = peak;
      }
      return out;
    });
    // one scale for both channels (the loudest moment of the call fills a lane): quiet lines stay visible
    const loudest = Math.max(0.01, ...peaks.filter(Boolean).map((p) => p.reduce((a, b) => Math.max(a, b), 0)));
    lanes.forEach((lane, ch) => {
      if (!peaks[ch]) return;
      const canvas = document.createElement("canvas");
      canvas.className = "pl-envelope";
      canvas.width = bins;
      canvas.height = Math.round(16 * ratio);
      const g = canvas.getContext("2d");
      g.fillStyle = colours[ch];
      peaks[ch].forEach((peak, x) => {
        const h = peak < 0.005 ? 0 : Math.max(1, Math.round((peak / loudest) * canvas.height));
        g.fillRect(x, (canvas.height - h) / 2, 1, h);
      });
      lane.append(canvas);
    });
    const note = track.querySelector(".pl-nolanes");
    if (note) note.hidden = true;
  }

  function show(i) {
    const next = tracks[i];
    if (!next) return;
    tracks.forEach((t) => { t.hidden = t !== next; });
    current = next;
    const src = next.dataset.audio;
    if (src && audio.getAttribute("src") !== src) { audio.pause(); audio.setAttribute("src", src); audio.load(); }
    envelope(next);
    refresh();
  }

  function positionOf(ev, line) {
    const r = line.getBoundingClientRect();
    return Math.min(1, Math.max(0, (ev.clientX - r.left) / r.width)) * duration();
  }

  function addMark(i, at, text) {
    const track = tracks[i];
    const marks = track && track.querySelector(".pl-marks");
    if (!marks) return;
    const d = duration() || parseFloat(track.dataset.duration) || 1;
    const b = document.createElement("button");
    b.type = "button"; b.className = "pl-mark mark"; b.dataset.seek = String(at);
    b.style.left = Math.min(100, (at / d) * 100) + "%";
    b.title = fmt(at) + " " + text; b.setAttribute("aria-label", b.title); b.textContent = "▼";
    marks.append(b);
    let notes = track.querySelector(".pl-notes");
    if (!notes) {
      notes = document.createElement("ol");
      notes.className = "pl-notes";
      (track.querySelector(".pl-legend") || marks).after(notes);
    }
    const li = document.createElement("li");
    const at_ = document.createElement("button");
    at_.type = "button"; at_.className = "linkish"; at_.dataset.seek = String(at); at_.textContent = fmt(at);
    li.append(at_, " " + text);
    notes.append(li);
  }

  play.addEventListener("click", toggle);
  document.getElementById("back5").addEventListener("click", () => jump(-5));
  document.getElementById("fwd5").addEventListener("click", () => jump(5));
  seek.addEventListener("input", () => { const d = duration(); if (d) seekTo((seek.value / 1000) * d, false); });
  speed.addEventListener("change", () => { audio.playbackRate = parseFloat(speed.value); });
  ["timeupdate", "play", "pause", "loadedmetadata", "ratechange", "seeked"].forEach((e) => audio.addEventListener(e, refresh));

  // anything with data-seek on the page (markers, notes, transcript lines, comment lists) seeks and plays
  document.addEventListener("click", (ev) => {
    const el = ev.target.closest && ev.target.closest("[data-seek]");
    if (el) { ev.preventDefault(); seekTo(parseFloat(el.dataset.seek) || 0, true); return; }
    const line = ev.target.closest && ev.target.closest(".pl-timeline");
    if (line) seekTo(positionOf(ev, line), false);
  });
  root.addEventListener("keydown", (ev) => {
    if (!ev.target.classList || !ev.target.classList.contains("pl-timeline")) return;
    const keys = { ArrowLeft: -5, ArrowDown: -5, ArrowRight: 5, ArrowUp: 5, PageDown: -30, PageUp: 30 };
    if (ev.key in keys) { ev.preventDefault(); ev.stopPropagation(); jump(keys[ev.key]); }
    else if (ev.key === "Home") { ev.preventDefault(); seekTo(0, false); }
    else if (ev.key === "End") { ev.preventDefault(); seekTo(duration(), false); }
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const tag = (ev.target.tagName || "").toLowerCase();
    const choice = tag === "input" && ["radio", "checkbox"].includes(ev.target.type);
    if ((tag === "input" && !choice) || tag === "textarea" || tag === "select" || ev.target.isContentEditable) return;
    if (ev.code === "Space" && tag !== "button") { ev.preventDefault(); toggle(); }
    else if (ev.key === "ArrowLeft") { ev.preventDefault(); jump(-5); }
    else if (ev.key === "ArrowRight") { ev.preventDefault(); jump(5); }
  });

  window.hotlinePlayer = { show, seekTo, addMark, audio, get current() { return current; } };
  envelope(current);
  refresh();
})();
