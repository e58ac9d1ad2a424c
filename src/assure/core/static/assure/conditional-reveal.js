// GOV.UK conditional reveals for radios (components/field.html renders them).
//
// GOV.UK Frontend's Radios module does the same but also sets aria-expanded on each radio,
// which ARIA does not allow on role=radio (axe: aria-allowed-attr, critical), and its click
// handler does so for any radio with aria-controls. Every Assure page must pass axe, so this
// reveals without either: each block follows its radio, right after it in reading order.
// Without JavaScript every block is shown (GOV.UK's CSS hides them only under
// .govuk-frontend-supported).
export function initConditionalReveals(root = document) {
  const inputs = Array.from(root.querySelectorAll('input[type="radio"][data-app-reveal]'));
  const sync = () => {
    for (const input of inputs) {
      const panel = document.getElementById(input.dataset.appReveal);
      if (panel) panel.classList.toggle("govuk-radios__conditional--hidden", !input.checked);
    }
  };
  root.addEventListener("change", (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === "radio") sync();
  });
  window.addEventListener("pageshow", sync);
  sync();
}
