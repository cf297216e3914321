// Large imports run a chunk per request: continue automatically; without JS the button does it.
const form = document.querySelector("[data-publications-autosubmit]");
if (form) form.requestSubmit();
