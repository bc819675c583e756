// Print buttons (CSP: no inline handlers): any element with data-print opens the print dialog.
(function () {
  if (window.townshipPrintBound) return;
  window.townshipPrintBound = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
