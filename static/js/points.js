// Points pages: "select all" for the member checkboxes of the record page.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-check-all]");
  if (!button) return;
  const boxes = document.querySelectorAll('input[type=checkbox][name="' + button.dataset.checkAll + '"]');
  const allChecked = Array.from(boxes).every(function (box) { return box.checked; });
  boxes.forEach(function (box) { box.checked = !allChecked; });
});
