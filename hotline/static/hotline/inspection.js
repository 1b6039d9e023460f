// Automatic-inspection hints on the evaluation form (§8): "采用建议" ticks the suggested answer of
// that item; the evaluator still reviews and submits the form (nothing is submitted here).
(() => {
  if (window.hotlineInspectionHints) return;
  window.hotlineInspectionHints = true;
  document.addEventListener("click", (ev) => {
    const btn = ev.target.closest(".insp-adopt");
    if (!btn) return;
    const hint = btn.closest(".inspection-hint");
    const item = btn.closest(".qa-item");
    if (!hint || !item) return;
    const input = item.querySelector(`input[type=radio][value="${hint.dataset.answer}"]`);
    if (!input || input.disabled) return;
    input.checked = true;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    item.classList.add("insp-adopted");
  });
})();
