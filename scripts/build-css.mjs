// Builds build/css/golden-thread.css from static/scss/golden-thread.scss (`npm run build`).
//
// Besides compiling, it keeps the stylesheet unbranded: GOV.UK Frontend and MOJ Frontend
// hard-code GOV.UK's brand blue in a few colour modifiers (file upload status, MOJ badge,
// tag and ticket panel, the probation header). Councils do not use GOV.UK's brand colour,
// so those become the palette's darker blue, which also reads better: 7.9:1 against white
// text instead of 5.2:1. The build fails if GOV.UK's typeface or brand blue is left over.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "static", "scss", "golden-thread.scss");
const target = join(root, "build", "css", "golden-thread.css");

const GOVUK_BRAND_BLUE = /#1d70b8/gi;
const COUNCIL_BLUE = "#16548a"; // GOV.UK palette: blue, shade-25
const FORBIDDEN = ["GDS Transport", "@font-face", "#1d70b8"];

// MOJ Frontend 11 still calls a GOV.UK mixin that GOV.UK Frontend 6 deprecates; the
// warning is theirs to fix and would only hide our own warnings.
const KNOWN_DEPENDENCY_WARNINGS = ["The `govuk-text-colour` mixin is deprecated"];

const logger = {
  warn(message, { deprecation, span, stack }) {
    if (KNOWN_DEPENDENCY_WARNINGS.some((known) => message.includes(known))) return;
    const where = span ? `${span.url?.pathname ?? ""}:${span.start.line + 1}` : (stack ?? "");
    console.warn(`${deprecation ? "Deprecation" : "Warning"}: ${message}\n    ${where}`);
  },
};

const result = sass.compile(source, {
  loadPaths: [
    join(root, "node_modules", "govuk-frontend", "dist"),
    join(root, "node_modules", "@ministryofjustice", "frontend"),
    // MOJ Frontend loads GOV.UK Frontend as "node_modules/govuk-frontend/dist/govuk/base".
    root,
  ],
  quietDeps: true,
  style: "compressed",
  logger,
});

const css = result.css.replace(GOVUK_BRAND_BLUE, COUNCIL_BLUE);
const leftOver = FORBIDDEN.filter((text) => css.toLowerCase().includes(text.toLowerCase()));
if (leftOver.length) {
  console.error(`golden-thread.css must be unbranded, but it contains: ${leftOver.join(", ")}`);
  process.exit(1);
}

mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${css}\n`);
console.log(`Built ${target.slice(root.length + 1)} (${Math.round(css.length / 1024)} KB)`);
