// The listing with facets (build_tools/site/browse_pages.py): fills each choice with the
// values of the index beside the page, and lists the texts that match every choice, fifty
// at a time. Without this script the page offers the static lists instead.
(function () {
  "use strict";
  var form = document.getElementById("facets");
  if (!form) {
    return;
  }
  var FACETS = ["body", "session", "committee", "stage", "year", "status"];
  var SIZE = 50;
  var index = null;
  var page = 0;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function longDate(iso) {
    try {
      var options = { dateStyle: "long", timeZone: "UTC" };
      return new Intl.DateTimeFormat(document.documentElement.lang, options).format(
        new Date(iso + "T00:00:00Z")
      );
    } catch (error) {
      return iso;
    }
  }

  function fill() {
    FACETS.forEach(function (facet) {
      var select = form.elements[facet];
      index.facets[facet].forEach(function (pair, number) {
        var option = document.createElement("option");
        option.value = String(number);
        option.textContent = pair[1];
        if (pair[2]) {
          option.lang = pair[2];
        }
        select.appendChild(option);
      });
      var wanted = new URLSearchParams(window.location.search).get(facet);
      var found = index.facets[facet].findIndex(function (pair) {
        return pair[0] === wanted;
      });
      if (found >= 0) {
        select.value = String(found);
      }
    });
  }

  function chosen() {
    return FACETS.map(function (facet) {
      var value = form.elements[facet].value;
      return value === "" ? -1 : Number(value);
    });
  }

  function matches(row, wanted) {
    return wanted.every(function (value, position) {
      return value < 0 || row[4 + position] === value;
    });
  }

  function item(row) {
    var texts = index.texts;
    var stage = index.facets.stage[row[7]];
    var status = index.facets.status[row[9]];
    var unavailable = status !== undefined && status[0] === "unavailable";
    var entry = document.createElement("li");
    var title = document.createElement("p");
    var link = document.createElement("a");
    link.href = (unavailable ? texts.original : texts.here) + row[0] + "/";
    link.textContent = row[1];
    if (unavailable) {
      link.lang = texts.source;
      link.hreflang = texts.source;
    }
    title.appendChild(link);
    var parts = [];
    if (stage !== undefined) {
      parts.push(format(texts["stage-" + stage[0]], { date: longDate(row[3]) }));
    }
    if (row[2]) {
      parts.push(row[2]);
    }
    if (status !== undefined) {
      parts.push(status[1]);
    }
    var details = document.createElement("p");
    details.textContent = parts.join(" — ");
    entry.className = stage !== undefined && stage[0] === "draft" ? "entry draft" : "entry";
    entry.appendChild(title);
    entry.appendChild(details);
    return entry;
  }

  function button(label, target) {
    var element = document.createElement("button");
    element.type = "button";
    element.textContent = label;
    element.addEventListener("click", function () {
      page = target;
      show();
    });
    return element;
  }

  function show() {
    var wanted = chosen();
    var found = index.rows.filter(function (row) {
      return matches(row, wanted);
    });
    var pages = Math.max(1, Math.ceil(found.length / SIZE));
    page = Math.min(page, pages - 1);
    var texts = index.texts;
    document.getElementById("facet-count").textContent = found.length
      ? format(texts["facet-found"], { count: found.length })
      : texts["facet-none"];
    var results = document.getElementById("facet-results");
    results.replaceChildren.apply(
      results,
      found.slice(page * SIZE, (page + 1) * SIZE).map(item)
    );
    var pager = document.getElementById("facet-pager");
    pager.replaceChildren();
    if (pages > 1) {
      if (page > 0) {
        pager.appendChild(button(texts["page-previous"], page - 1));
      }
      var where = document.createElement("span");
      where.textContent = " " + format(texts["page-number"], { page: page + 1, pages: pages }) + " ";
      pager.appendChild(where);
      if (page < pages - 1) {
        pager.appendChild(button(texts["page-next"], page + 1));
      }
    }
  }

  form.addEventListener("change", function () {
    page = 0;
    show();
  });
  fetch(form.getAttribute("data-index"))
    .then(function (response) {
      return response.json();
    })
    .then(function (data) {
      index = data;
      fill();
      form.hidden = false;
      show();
    });
})();
