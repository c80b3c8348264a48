// The choice controls of ctcourse quizzes (see controls.py): a radio group, a checkbox group and
// rows of drop-downs, drawn as native inputs whose labels wrap instead of being cut.
//
// JupyterLab matches its shortcuts on keydown events that bubble up to the document, and for a
// focused radio, checkbox or select the notebook is in command mode: ArrowDown would move the
// cell selection, "a"/"b" insert cells, "v" pastes one. So key presses stop at the control's
// root, except Ctrl/⌘ combinations, which stay JupyterLab's (Ctrl+S saves the notebook). This is
// what data-lm-suppress-shortcuts would do, without also swallowing Ctrl+S.
//
// Every change is also sent to the kernel at once as a message of its own (see commit). ipywidgets
// holds back a model's state updates while the kernel is busy with the previous one, but sends a
// button's click straight away: a number typed fast and saved with Tab+Enter reached the kernel
// cut short ("201" for "2012"). Messages keep their order, so what the screen shows when the
// button is pressed is what the kernel has.

// Put `value` into the model's `name` and tell the kernel now, ahead of any click that follows.
function commit(model, name, value) {
  model.set(name, value);
  model.save_changes();
  model.send({ set: { [name]: value } });
}

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
        commit(model, "index", i);
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
      commit(model, "indices", inputs.flatMap((box, j) => (box.checked ? [j] : [])));
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
      commit(model, "indices", chosen);
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

function field(model, root) {
  const input = element("input", { type: "text", className: "ctcourse-field", value: model.get("value") });
  input.addEventListener("input", () => commit(model, "value", input.value));
  model.on("change:value", () => {
    if (input.value !== model.get("value")) input.value = model.get("value");
  });
  root.append(element("label", { className: "ctcourse-fieldrow" }, element("span", { textContent: model.get("description") }), input));
}

const DRAW = { radio: radios, checkbox: checkboxes, menus, text: field };

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
