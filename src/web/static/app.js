// phoihop: a few lines of progressive enhancement; every page works without them.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const message = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("DOMContentLoaded", () => {
  // After a failed submit, take the keyboard to the list of errors.
  const summary = document.getElementById("loi");
  if (summary) summary.focus();
});
