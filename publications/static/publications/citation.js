// Copy-to-clipboard for the citation block. Without JavaScript the block stays visible to select.
document.querySelectorAll("[data-copy-target]").forEach((button) => {
  const source = document.getElementById(button.dataset.copyTarget);
  const status = document.getElementById(button.dataset.copyStatus);
  if (!source || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(source.innerText.trim()).then(
      () => { status.textContent = button.dataset.copiedText; },
      () => { status.textContent = button.dataset.failedText; },
    );
  });
});
