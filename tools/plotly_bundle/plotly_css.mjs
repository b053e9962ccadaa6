// Writes plotly.js's own stylesheet (the rules it would otherwise add as an inline <style>,
// which the site's Content-Security-Policy refuses) from the bundle: node plotly_css.mjs
// <plotly-basic.min.js> <plotly.css>. Pages link it as
// <link id="plotly.js-style-global" class="no-inline-styles">, so plotly.js adds nothing.
import { readFileSync, writeFileSync } from "node:fs";

const [bundlePath, cssPath] = process.argv.slice(2);
const bundle = readFileSync(bundlePath, "utf8");
// plotly.js's src/css rules: {"X,X div": "…", …}; X is the plot, Y the notifier.
const match = bundle.match(/=(\{"X,X div":[\s\S]*?\});for\((\w+) in \w+\)/);
if (!match) throw new Error("plotly.js's style rules were not found in the bundle");
const rules = Function(`"use strict"; return (${match[1]});`)();
const lines = Object.entries(rules).map(([selector, body]) => {
  const full = selector
    .replace(/^,/, " ,")
    .replace(/X/g, ".js-plotly-plot .plotly")
    .replace(/Y/g, ".plotly-notifier");
  return `${full}{${body}}`;
});
// plotly.js inserts each rule at the top of its sheet, so the last one comes first.
lines.reverse();
const head = "/* plotly.js's own rules, from the bundle (tools/plotly_bundle/plotly_css.mjs). */";
writeFileSync(cssPath, `${head}\n${lines.join("\n")}\n`);
