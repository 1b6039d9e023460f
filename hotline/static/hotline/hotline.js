// Behaviour of every page, kept out of inline handlers so the Content-Security-Policy can forbid them.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
});
