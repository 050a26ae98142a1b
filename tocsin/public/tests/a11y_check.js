// A small in-page checker for the WCAG 2.1 AA points that can be tested mechanically.
// It is NOT axe-core (which cannot be installed or downloaded here): it checks the html
// lang attribute (3.1.1), image alternatives (1.1.1), form labels (1.3.1, 4.1.2), heading
// order (1.3.1) and the contrast of visible text against its computed background (1.4.3).
// Visible focus (2.4.7) is checked by the test itself with real Tab key presses.
() => {
  const problems = [];
  const where = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "");
  const lang = document.documentElement.getAttribute("lang");
  if (!lang || !lang.trim()) problems.push("html has no lang attribute");
  if (!document.title.trim()) problems.push("the page has no title");

  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt")) problems.push("image without alt: " + where(img));
  }

  const visible = (el) => {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") return false;
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0 && el.closest("[hidden]") === null;
  };

  for (const field of document.querySelectorAll("input, select, textarea")) {
    const type = (field.getAttribute("type") || "").toLowerCase();
    if (["hidden", "submit", "button", "reset", "image"].includes(type)) continue;
    const named = (field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`)) ||
      field.closest("label") || field.getAttribute("aria-label") || field.getAttribute("aria-labelledby");
    if (!named) problems.push("form field without label: " + where(field));
  }
  for (const button of document.querySelectorAll("button, a[href]")) {
    if (visible(button) && !(button.textContent.trim() || button.getAttribute("aria-label")))
      problems.push("control without a name: " + where(button));
  }

  let previous = 0;
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(visible);
  if (!headings.some((h) => h.tagName === "H1")) problems.push("no h1");
  for (const h of headings) {
    const level = Number(h.tagName[1]);
    if (previous && level > previous + 1) problems.push(`heading jumps from h${previous} to h${level}: ${h.textContent.trim()}`);
    previous = level;
  }

  const parse = (color) => {
    const m = color.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const parts = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const background = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    let color = [255, 255, 255, 1];
    for (const layer of layers.reverse()) color = over(layer, color);
    return color;
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || seen.has(el) || !visible(el)) continue;
    if (["SCRIPT", "STYLE", "NOSCRIPT"].includes(el.tagName)) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    const bg = background(el);
    const fg = over(parse(style.color), bg);
    const size = parseFloat(style.fontSize);
    const bold = Number(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const needed = large ? 3 : 4.5;
    const value = ratio(fg, bg);
    if (value < needed) problems.push(`contrast ${value.toFixed(2)} < ${needed}: ${where(el)} "${node.textContent.trim().slice(0, 40)}"`);
  }
  return problems;
}
