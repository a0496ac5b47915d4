// Start GOV.UK Frontend's components (kept out of the page: the CSP allows no inline script).
import { initAll } from "../build/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
