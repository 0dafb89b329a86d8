import { h } from './dom.js';

// WAI-ARIA tabs: arrow keys, Home and End move between tabs; every panel stays in the form, so switching tabs
// never loses what was typed.
export function tabs(label, entries) {
  const list = h('div', { role: 'tablist', 'aria-label': label });
  const panels = [];
  const buttons = entries.map(([name, content], i) => {
    const id = `tab-${name.toLowerCase()}`;
    const button = h('button', { type: 'button', role: 'tab', id, 'aria-controls': `${id}-panel`, 'aria-selected': i === 0 ? 'true' : 'false', tabindex: i === 0 ? '0' : '-1' }, name);
    const panel = h('section', { role: 'tabpanel', id: `${id}-panel`, 'aria-labelledby': id, hidden: i !== 0, tabindex: '0' }, content);
    panels.push(panel);
    button.addEventListener('click', () => select(i));
    list.append(button);
    return button;
  });
  const visible = () => buttons.filter((b) => !b.hidden);
  function select(i, focus = false) {
    buttons.forEach((b, j) => {
      b.setAttribute('aria-selected', String(i === j));
      b.tabIndex = i === j ? 0 : -1;
      panels[j].hidden = i !== j;
    });
    if (focus) buttons[i].focus();
  }
  list.addEventListener('keydown', (e) => {
    const shown = visible();
    const at = shown.indexOf(document.activeElement);
    if (at < 0) return;
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: shown.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    select(buttons.indexOf(shown[(next + shown.length) % shown.length]), true);
  });
  return { list, panels, buttons, select };
}
