// ctcourse's JupyterLab extension: nbgrader's Assignment List shows each module's title, in the
// order of course.yml, and speaks JupyterLab's language when that is Ukrainian; its Submit saves
// the module's open notebooks first. In the course's notebooks (those `ctcourse release`
// labelled), the written answer opens for typing with a click or a double-click, letters typed
// outside a text field never run notebook shortcuts, the code that builds questions and
// tables stays out of sight, and a notebook only opened and read is not marked as changed when
// its kernel starts (see the second plugin below).
//
// nbgrader's list shows bare ids sorted by name and builds its rows as plain DOM, with English
// words that no language pack translates. This plugin asks the server extension
// ctcourse.assignment_titles for the labels `ctcourse release` wrote into the released
// notebooks, then relabels and reorders the rows whenever nbgrader redraws them. It is a
// hand-written module-federation container (JupyterLab loads this script, calls init() and
// get("./extension")), so the course needs no JavaScript build step.
var _JUPYTERLAB;
(function () {
  "use strict";

  var NAME = "ctcourse-assignment-list";
  // The id nbgrader gives its Assignment List widget (a notebook heading may be "#assignments").
  var WIDGET = "nbgrader-assignment-list";
  var SECTIONS = ["released", "fetched", "submitted"];

  // nbgrader's own words, as its Assignment List writes them, in Ukrainian.
  var UK = {
    "Released, downloaded, and submitted assignments for course:":
      "Модулі курсу: доступні, отримані та надіслані. Курс:",
    "Released assignments": "Модулі, які можна отримати",
    "Downloaded assignments": "Отримані модулі",
    "Submitted assignments": "Надіслані модулі",
    "There are no assignments to fetch.": "Немає модулів, які можна отримати.",
    "There are no downloaded assignments.": "Немає отриманих модулів.",
    "There are no submitted assignments.": "Немає надісланих модулів.",
    "Loading, please wait...": "Завантаження, зачекайте…",
    "Fetch": "Отримати",
    "Fetching...": "Отримання…",
    "Submit": "Надіслати",
    "submitting...": "Надсилання…",
    "Validate": "Перевірити",
    "Validating...": "Перевірка…",
    "Fetch Feedback": "Отримати відгук",
    "Fetching Feedback...": "Отримання відгуку…",
    "(view feedback)": "(переглянути відгук)",
    "(feedback available to fetch)": "(можна отримати відгук)",
    "Error fetching assignment.": "Не вдалося отримати модуль.",
    "Error submitting assignment.": "Не вдалося надіслати модуль.",
    "Error fetching feedback.": "Не вдалося отримати відгук.",
    "Error validating assignment.": "Не вдалося перевірити модуль.",
    "No courses found.": "Курсів не знайдено.",
    "Error fetching courses!": "Не вдалося отримати список курсів.",
    "Refresh assignments list": "Оновити список модулів",
    "Assignments": "Модулі курсу"
  };
  // nbgrader's menu items (the menu is named after the product, "Nbgrader", in every language).
  var UK_COMMANDS = {
    "nbgrader:open-assignment-list": "Модулі курсу",
    "nbgrader:open-course-list": "Список курсів"
  };

  // JupyterLab's translator sets the page's language ("uk-UA") from the language pack in use.
  function ukrainian() {
    return /^uk([-_]|$)/i.test(document.documentElement.lang || "");
  }

  // Lumino has no public way to relabel another plugin's command: its registry keeps each
  // command's label as a function, which is replaced here; the menus redraw on the change.
  function translateCommands(app) {
    var registry = app.commands._commands;
    if (!ukrainian() || !registry) return;
    Object.keys(UK_COMMANDS).forEach(function (id) {
      var command = registry.get(id);
      if (!command) return;
      command.label = function () {
        return UK_COMMANDS[id];
      };
      app.commands.notifyCommandChanged(id);
    });
  }

  function pageConfig() {
    var node = document.getElementById("jupyter-config-data");
    try {
      return node ? JSON.parse(node.textContent || "{}") : {};
    } catch (error) {
      return {};
    }
  }

  function fetchTitles(courseId) {
    var config = pageConfig();
    var base = (config.baseUrl || "/").replace(/\/?$/, "/");
    var url = base + "ctcourse/assignment-titles?course_id=" + encodeURIComponent(courseId);
    var headers = config.token ? { Authorization: "token " + config.token } : {};
    return fetch(url, { credentials: "same-origin", headers: headers })
      .then(function (response) {
        return response.ok ? response.json() : { modules: {} };
      })
      .then(function (body) {
        return body.modules || {};
      })
      .catch(function () {
        return {};
      });
  }

  function topRows(list) {
    return Array.prototype.filter.call(list.children, function (node) {
      return node.classList.contains("list_item") && !node.classList.contains("nested_list_item");
    });
  }

  function nameOf(row) {
    return row.querySelector(":scope > div > .item_name > a, :scope > div > .item_name > span");
  }

  // The module id of a row: what nbgrader wrote, or what this plugin noted when relabelling it.
  function moduleOf(row) {
    if (row.dataset.ctcourseModule) return row.dataset.ctcourseModule;
    var name = nameOf(row);
    return name ? name.textContent.trim() : "";
  }

  // Replaces only the id's text node: nbgrader keeps its caret icon in the same link.
  function relabel(row, id, label) {
    var name = nameOf(row);
    if (!name || row.dataset.ctcourseModule === id) return;
    var text = Array.prototype.find.call(name.childNodes, function (node) {
      return node.nodeType === Node.TEXT_NODE && node.nodeValue.trim() === id;
    });
    if (!text) return;
    row.dataset.ctcourseModule = id;
    text.nodeValue = (label.position ? label.position + ". " : "") + label.title;
    var shown = document.createElement("span");
    shown.className = "ctcourse-module-id";
    shown.textContent = " (" + id + ")";
    name.parentNode.insertBefore(shown, name.nextSibling);
  }

  function inCourseOrder(list, labels) {
    var rows = topRows(list);
    var position = function (row) {
      var label = labels[moduleOf(row)];
      return label && label.position ? label.position : Number.MAX_SAFE_INTEGER;
    };
    var sorted = rows.slice().sort(function (a, b) {
      return position(a) - position(b);
    });
    var same = sorted.every(function (row, i) {
      return row === rows[i];
    });
    if (!same) sorted.forEach(function (row) { list.appendChild(row); });
  }

  function translateText(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var text = node.nodeValue.trim();
      if (text && Object.prototype.hasOwnProperty.call(UK, text)) {
        node.nodeValue = node.nodeValue.replace(text, UK[text]);
      }
    }
    root.querySelectorAll("[title]").forEach(function (element) {
      var title = element.getAttribute("title");
      if (Object.prototype.hasOwnProperty.call(UK, title)) element.setAttribute("title", UK[title]);
    });
  }

  function activate(app) {
    var labels = Object.create(null); // course id -> module id -> {title, position}
    var asked = Object.create(null);
    var pending = false;

    function update() {
      pending = false;
      var panel = document.querySelector("#" + WIDGET + " #assignments");
      if (!panel) return;
      var course = panel.querySelector("#course_list_default");
      var courseId = course ? course.textContent.trim() : "";
      var known = labels[courseId] || Object.create(null);
      var unknown = [];
      SECTIONS.forEach(function (section) {
        var list = panel.querySelector("#" + section + "_assignments_list");
        if (!list) return;
        topRows(list).forEach(function (row) {
          var id = moduleOf(row);
          if (known[id]) relabel(row, id, known[id]);
          else if (id) unknown.push(id);
        });
        inCourseOrder(list, known);
      });
      var key = courseId + ":" + unknown.sort().join(",");
      if (unknown.length && courseId && !asked[key]) {
        asked[key] = true;
        fetchTitles(courseId).then(function (found) {
          var course = labels[courseId] || (labels[courseId] = Object.create(null));
          Object.keys(found).forEach(function (id) {
            var label = found[id];
            if (label && typeof label.title === "string") course[id] = label;
          });
          schedule();
        });
      }
      if (ukrainian()) {
        translateText(panel);
        Array.from(app.shell.widgets("main")).forEach(function (widget) {
          if (widget.id === WIDGET) widget.title.label = UK.Assignments;
        });
      }
    }

    function schedule() {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(update);
      }
    }

    app.restored.then(function () {
      translateCommands(app);
    });
    // Only changes in or around the Assignment List matter; typing in a notebook does not.
    function touchesPanel(record) {
      var target = record.target;
      var node = target.nodeType === Node.ELEMENT_NODE ? target : target.parentElement;
      if (node && node.closest("#" + WIDGET)) return true;
      return Array.prototype.some.call(record.addedNodes, function (added) {
        return (
          added.nodeType === Node.ELEMENT_NODE &&
          (added.id === WIDGET || added.querySelector("#" + WIDGET) !== null)
        );
      });
    }

    new MutationObserver(function (records) {
      if (records.some(touchesPanel)) schedule();
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  // -- the course's notebooks ----------------------------------------------------------------

  // nbgrader's text in an answer cell nobody has written in yet: typing replaces all of it.
  var PLACEHOLDERS = ["YOUR ANSWER HERE"];
  // The menu path as the screen shows it (JupyterLab's Ukrainian pack keeps "Notebook" there).
  var SAVE_FAILED = {
    en: "The module was not submitted: its notebook could not be saved. Save it (File › Save Notebook) and press Submit again.",
    uk: "Модуль не надіслано: не вдалося зберегти його блокнот. Збережіть його (Файл › Зберегти Notebook) і натисніть «Надіслати» ще раз."
  };
  // Code cells of a course notebook are folded by `ctcourse release`; their placeholder (the
  // first line of code and "•••") and the prompts are hidden too: a trainee sees prose, tables,
  // charts and questions.
  var STYLE =
    ".ctcourse-notebook .jp-Cell-inputWrapper:has(.jp-InputPlaceholder) { display: none; }" +
    ".ctcourse-notebook .jp-OutputPrompt, .ctcourse-notebook .jp-InputPrompt { visibility: hidden; }" +
    ".ctcourse-submit-error { color: var(--jp-error-color1); margin: 4px 0; }";

  // The label `ctcourse release` writes into a released notebook, or null.
  function courseLabel(widget) {
    var model = widget && widget.content && widget.context ? widget.content.model : null;
    if (!model) return null;
    var found = model.getMetadata ? model.getMetadata("ctcourse") : null;
    return found && typeof found.module === "string" ? found : null;
  }

  function mainWidgets(app) {
    return Array.from(app.shell.widgets("main"));
  }

  // The course notebook an event happened in, or null.
  function courseNotebookOf(app, target) {
    var found = mainWidgets(app).find(function (widget) {
      return widget.node.contains(target);
    });
    return found && courseLabel(found) ? found : null;
  }

  function isAnswer(cell) {
    if (!cell || cell.model.type !== "markdown") return false;
    var grading = cell.model.getMetadata("nbgrader") || {};
    return grading.solution === true;
  }

  function selectPlaceholder(cell) {
    var source = cell.model.sharedModel.getSource();
    if (PLACEHOLDERS.indexOf(source.trim()) < 0 || !cell.editor) return;
    cell.editor.setSelection({
      start: cell.editor.getPositionAt(0),
      end: cell.editor.getPositionAt(source.length)
    });
  }

  // Show the answer cell's text in its editor, in edit mode, with the cursor in it.
  function openForTyping(panel, cell) {
    var notebook = panel.content;
    var index = notebook.widgets.indexOf(cell);
    if (notebook.activeCellIndex !== index) notebook.activeCellIndex = index;
    cell.rendered = false;
    notebook.mode = "edit";
    if (cell.editor) cell.editor.focus();
  }

  // Metadata the kernel reports about itself when it starts: JupyterLab's NotebookPanel writes
  // it into the notebook (`_updateLanguage`, `_updateSpec`) and NotebookModel then marks the
  // notebook as changed, so a lesson only opened and read would ask "Save your work?" on close.
  var FROM_KERNEL = ["language_info", "kernelspec"];

  // An untouched course notebook stays untouched when its kernel starts: the kernel's own
  // description is not the trainee's change. It is written with the trainee's next save; a
  // notebook that already has unsaved changes is left as it is.
  function keepCleanOnKernelStart(widget) {
    var model = widget.context.model;
    if (!model || !model.metadataChanged || widget.ctcourseKernelGuard) return;
    widget.ctcourseKernelGuard = true;
    model.metadataChanged.connect(function (sender, change) {
      if (FROM_KERNEL.indexOf(change.key) < 0 || model.dirty || !courseLabel(widget)) return;
      // NotebookModel sets `dirty` right after this signal, in the same call.
      Promise.resolve().then(function () {
        model.dirty = false;
      });
    });
  }

  function editable(target) {
    return !!(target.closest && target.closest("input, textarea, select, [contenteditable='true']"));
  }

  function activateNotebooks(app) {
    var style = document.createElement("style");
    style.id = "ctcourse-notebook-style";
    style.textContent = STYLE;
    document.head.appendChild(style);

    function mark() {
      mainWidgets(app).forEach(function (widget) {
        if (!widget.context || !widget.content || widget.ctcourseMarked) return;
        widget.ctcourseMarked = true;
        keepCleanOnKernelStart(widget);
        widget.context.ready.then(function () {
          if (courseLabel(widget)) widget.node.classList.add("ctcourse-notebook");
        });
      });
    }
    app.restored.then(mark);
    app.shell.layoutModified.connect(mark);

    // A letter typed outside a text field would run a notebook shortcut (y: code cell, r: raw
    // cell, a/b: new cells, d d: delete ...). In the written answer it is typed into the answer;
    // anywhere else in a course notebook it does nothing.
    window.addEventListener(
      "keydown",
      function (event) {
        if (event.ctrlKey || event.metaKey || event.altKey) return;
        if (event.key.length !== 1 || event.key === " " || editable(event.target)) return;
        var panel = courseNotebookOf(app, event.target);
        if (!panel) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        var cell = panel.content.activeCell;
        if (!isAnswer(cell)) return;
        openForTyping(panel, cell);
        selectPlaceholder(cell);
        if (cell.editor) cell.editor.replaceSelection(event.key);
      },
      true
    );

    // One click (or the double-click the lesson asks for) opens the written answer for typing.
    function onAnswerClick(event) {
      var panel = courseNotebookOf(app, event.target);
      if (!panel) return;
      var cell = panel.content.widgets.find(function (widget) {
        return widget.node.contains(event.target);
      });
      if (!isAnswer(cell)) return;
      openForTyping(panel, cell);
      selectPlaceholder(cell);
    }
    window.addEventListener("click", onAnswerClick);
    window.addEventListener("dblclick", onAnswerClick);

    // nbgrader's Submit sends the files on disk: save the module's open notebooks first.
    window.addEventListener(
      "click",
      function (event) {
        var button = event.target.closest && event.target.closest("#" + WIDGET + " button");
        var row = button && button.closest("#fetched_assignments_list > .list_item");
        if (!row || !/^(Submit|Надіслати)$/.test(button.textContent.trim())) return;
        if (button.dataset.ctcourseSaved) {
          delete button.dataset.ctcourseSaved;
          return;
        }
        var module = moduleOf(row);
        var unsaved = mainWidgets(app).filter(function (widget) {
          var label = courseLabel(widget);
          return label && label.module === module && widget.context.model.dirty;
        });
        if (!unsaved.length) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        var old = row.querySelector(".ctcourse-submit-error");
        if (old) old.remove();
        Promise.all(
          unsaved.map(function (widget) {
            return widget.context.save();
          })
        ).then(
          function () {
            button.dataset.ctcourseSaved = "1";
            button.click();
          },
          function () {
            var note = document.createElement("div");
            note.className = "ctcourse-submit-error";
            note.setAttribute("role", "alert");
            note.textContent = SAVE_FAILED[ukrainian() ? "uk" : "en"];
            row.appendChild(note);
          }
        );
      },
      true
    );
  }

  var notebooks = {
    id: NAME + ":notebooks",
    description:
      "The written answer opens for typing, typing never runs shortcuts, code stays hidden, a notebook only opened stays unchanged and Submit saves first, in the course's notebooks.",
    autoStart: true,
    activate: activateNotebooks
  };

  var plugin = {
    id: NAME + ":plugin",
    description: "Module titles, course order and Ukrainian words in nbgrader's Assignment List.",
    autoStart: true,
    activate: activate
  };

  _JUPYTERLAB = window._JUPYTERLAB = window._JUPYTERLAB || {};
  _JUPYTERLAB[NAME] = {
    init: function () {
      return Promise.resolve();
    },
    get: function (module) {
      if (module !== "./extension") {
        return Promise.reject(new Error("Module " + module + " does not exist in " + NAME));
      }
      return Promise.resolve(function () {
        return { __esModule: true, default: [plugin, notebooks] };
      });
    }
  };
})();
