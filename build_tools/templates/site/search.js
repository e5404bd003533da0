// The search page (build_tools/site/search.py): this language's Pagefind index, queried
// through pagefind.js, which is loaded on the first query and fetches only the chunks
// of the index the query needs. The query and facets stay in the address (?q=…&stage=…),
// so the header's box (a plain form) and a shared link land on their results.
(function () {
  "use strict";
  var form = document.getElementById("search");
  if (!form) {
    return;
  }
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var strings = JSON.parse(form.getAttribute("data-strings"));
  var bundle = new URL(form.getAttribute("data-bundle"), document.baseURI).href;
  var shown = 10;
  var loading = null;
  var turn = 0;
  var found = [];

  function pagefind() {
    if (loading === null) {
      loading = import(bundle + "pagefind.js").then(function (module) {
        return module.init().then(function () {
          return module;
        });
      });
    }
    return loading;
  }

  // Pagefind's excerpt is the page's text with <mark> around the words found: only
  // those two are kept, as text and as <mark> elements (nothing else of it is markup).
  function excerpt(markup) {
    var template = document.createElement("template");
    template.innerHTML = markup;
    var paragraph = document.createElement("p");
    paragraph.className = "excerpt";
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  function item(data) {
    var entry = document.createElement("li");
    var heading = document.createElement("p");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    entry.appendChild(heading);
    entry.appendChild(excerpt(data.excerpt));
    return entry;
  }

  function filters() {
    var chosen = {};
    selects.forEach(function (select) {
      if (select.value) {
        chosen[select.getAttribute("data-filter")] = select.value;
      }
    });
    return chosen;
  }

  function show(count, mine) {
    var next = found.slice(list.children.length, count);
    return Promise.all(
      next.map(function (result) {
        return result.data();
      })
    ).then(function (pages) {
      if (mine !== turn) {
        return;
      }
      pages.forEach(function (data) {
        list.appendChild(item(data));
      });
      more.hidden = list.children.length >= found.length;
    });
  }

  function run() {
    var mine = ++turn;
    var query = input.value.trim();
    var chosen = filters();
    var address = new URLSearchParams();
    if (query) {
      address.set("q", query);
    }
    Object.keys(chosen).forEach(function (name) {
      address.set(name, chosen[name]);
    });
    var search = address.toString();
    history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    if (!query && !Object.keys(chosen).length) {
      found = [];
      list.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      return Promise.resolve();
    }
    return pagefind()
      .then(function (module) {
        return module.search(query || null, { filters: chosen });
      })
      .then(function (answer) {
        if (mine !== turn || answer === null) {
          return;
        }
        found = answer.results;
        list.replaceChildren();
        status.textContent = found.length
          ? strings.count.replace("{count}", found.length.toLocaleString(document.documentElement.lang))
          : strings.none;
        return show(shown, mine);
      });
  }

  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  selects.forEach(function (select) {
    select.value = params.get(select.getAttribute("data-filter")) || "";
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  input.addEventListener("input", run);
  selects.forEach(function (select) {
    select.addEventListener("change", run);
  });
  more.addEventListener("click", function () {
    show(list.children.length + shown, turn);
  });
  form.setAttribute("data-ready", "");
  run();
})();
