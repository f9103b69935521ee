// trainshare web timetable: the only script of the pages (no build step, no framework).
// A <select data-autosubmit> submits its form when it changes, so picking a version,
// a view, an item or a week needs no extra click; without JavaScript the forms' buttons
// do the same.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) {
        select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit();
      }
    });
  });
  // Left and right arrow keys page through the weeks (not while typing in a field).
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var link = null;
    if (event.key === "ArrowLeft") link = document.getElementById("prev-week");
    if (event.key === "ArrowRight") link = document.getElementById("next-week");
    if (link) window.location.href = link.href;
  });
});
