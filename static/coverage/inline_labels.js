// Django's bundled select2 shows the chosen item in a role="textbox" span that
// has no name of its own; give it its <select>'s aria-label (set by
// LabelledTabularInline in coverage/admin/base.py). select2 builds these spans
// after page load and again for every inline row added, so a MutationObserver
// names each as soon as it appears, before anything can read it unnamed.
"use strict";
(function () {
  function nameShownChoices() {
    document.querySelectorAll("select.admin-autocomplete[aria-label]").forEach(function (select) {
      const shown = document.getElementById("select2-" + select.id + "-container");
      if (shown && !shown.hasAttribute("aria-label")) {
        shown.setAttribute("aria-label", select.getAttribute("aria-label"));
      }
    });
  }
  new MutationObserver(nameShownChoices).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
