// The choice controls of ctcourse quizzes (see controls.py): a radio group, a checkbox group and
// rows of drop-downs, drawn as native inputs whose labels wrap instead of being cut.
//
// JupyterLab matches its shortcuts on keydown events that bubble up to the document, and for a
// focused radio, checkbox or select the notebook is in command mode: ArrowDown would move the
// cell selection, "a"/"b" insert cells, "v" pastes one. So key presses stop at the control's
// root, except Ctrl/⌘ combinations, which stay JupyterLab's (Ctrl+S saves the notebook). This is
// what data-lm-suppress-shortcuts would do, without also swallowing Ctrl+S.

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function option(input, text) {
  return element("label", { className: "ctcourse-option" }, input, element("span", { textContent: text }));
}

function radios(model, root) {
  root.setAttribute("role", "radiogroup");
  const name = model.get("name");
  const inputs = model.get("labels").map((text, i) => {
    const input = element("input", { type: "radio", name, value: String(i) });
    input.addEventListener("change", () => {
      if (input.checked) {
        model.set("index", i);
        model.save_changes();
      }
    });
    root.append(option(input, text));
    return input;
  });
  const show = () => inputs.forEach((input, i) => (input.checked = model.get("index") === i));
  model.on("change:index", show);
  show();
}

function checkboxes(model, root) {
  root.setAttribute("role", "group");
  const inputs = model.get("labels").map((text, i) => {
    const input = element("input", { type: "checkbox", value: String(i) });
    input.addEventListener("change", () => {
      model.set("indices", inputs.flatMap((box, j) => (box.checked ? [j] : [])));
      model.save_changes();
    });
    root.append(option(input, text));
    return input;
  });
  const show = () => {
    const chosen = model.get("indices");
    inputs.forEach((input, i) => (input.checked = chosen.includes(i)));
  };
  model.on("change:indices", show);
  show();
}

function menus(model, root) {
  root.setAttribute("role", "group");
  const labels = model.get("labels");
  const selects = model.get("rows").map((row, r) => {
    const select = element("select", {}, element("option", { value: "", textContent: model.get("placeholder") }));
    labels.forEach((text, i) => select.append(element("option", { value: String(i), textContent: text })));
    select.addEventListener("change", () => {
      const chosen = [...model.get("indices")];
      chosen[r] = select.value === "" ? null : Number(select.value);
      model.set("indices", chosen);
      model.save_changes();
    });
    root.append(element("label", { className: "ctcourse-row" }, element("span", { textContent: row }), select));
    return select;
  });
  const show = () => {
    const chosen = model.get("indices");
    selects.forEach((select, r) => (select.value = chosen[r] == null ? "" : String(chosen[r])));
  };
  model.on("change:indices", show);
  show();
}

const DRAW = { radio: radios, checkbox: checkboxes, menus };

function render({ model, el }) {
  const root = element("div", { className: `ctcourse-choice ctcourse-${model.get("mode")}` });
  root.addEventListener("keydown", (event) => {
    if (!event.ctrlKey && !event.metaKey) event.stopPropagation();
  });
  root.setAttribute("aria-label", model.get("label"));
  DRAW[model.get("mode")](model, root);
  el.append(root);
}

export default { render };
