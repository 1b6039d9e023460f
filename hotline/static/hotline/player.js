// Recording player: play/pause, seek, ±5 s, speed 0.75–2×, comments at the current position.
(function () {
  const audio = document.getElementById("audio");
  if (!audio) return;
  const play = document.getElementById("play");
  const seek = document.getElementById("seek");
  const time = document.getElementById("time");
  const speed = document.getElementById("speed");
  const at = document.getElementById("comment-at");
  const fmt = (s) => { s = Math.max(0, Math.floor(s || 0)); return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0"); };
  const refresh = () => {
    const d = audio.duration || 0;
    time.textContent = fmt(audio.currentTime) + " / " + fmt(d);
    if (d) seek.value = Math.round((audio.currentTime / d) * 1000);
    play.textContent = audio.paused ? play.dataset.play : play.dataset.pause;
    if (at) at.value = audio.currentTime.toFixed(1);
  };
  const toggle = () => (audio.paused ? audio.play() : audio.pause());
  const jump = (delta) => { audio.currentTime = Math.min(Math.max(0, audio.currentTime + delta), audio.duration || 0); };
  play.addEventListener("click", toggle);
  document.getElementById("back5").addEventListener("click", () => jump(-5));
  document.getElementById("fwd5").addEventListener("click", () => jump(5));
  seek.addEventListener("input", () => { if (audio.duration) audio.currentTime = (seek.value / 1000) * audio.duration; });
  speed.addEventListener("change", () => { audio.playbackRate = parseFloat(speed.value); });
  ["timeupdate", "play", "pause", "loadedmetadata", "ratechange"].forEach((e) => audio.addEventListener(e, refresh));
  document.querySelectorAll("[data-seek]").forEach((a) => a.addEventListener("click", (ev) => {
    ev.preventDefault(); audio.currentTime = parseFloat(a.dataset.seek); audio.play();
  }));
  document.addEventListener("keydown", (ev) => {
    const tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    if (ev.code === "Space") { ev.preventDefault(); toggle(); }
    else if (ev.key === "ArrowLeft") jump(-5);
    else if (ev.key === "ArrowRight") jump(5);
  });
})();
