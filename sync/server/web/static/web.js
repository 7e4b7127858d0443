// field-hq's only script: small conveniences; every page works without it.
document.addEventListener("DOMContentLoaded", () => {
  // "Select all" in a records table ticks every row of the page.
  document.querySelectorAll("input[data-select-all]").forEach((box) => {
    box.addEventListener("change", () => {
      const form = box.closest("form");
      form.querySelectorAll("input[name=ids]").forEach((row) => { row.checked = box.checked; });
    });
  });
  // A filter select applies at once, like the device's filters.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
});
