{#- Lists a module as "2. Consent … (consent)" and sorts by its place in the course: wraps the
    render of the page's row view (a Backbone view whose model's "name" is the module id). -#}
{%- macro course_order(view) -%}
<script>
(function () {
  var modules = {{ ctcourse_modules | tojson }};
  var render = {{ view }}.prototype.render;
  {{ view }}.prototype.render = function () {
    var result = render.apply(this, arguments);
    var name = this.model.get("name"), label = modules[name];
    if (label) {
      this.$name.attr("data-order", ("000" + label.position).slice(-4) + " " + name);
      var target = this.$name.find("a").first();
      if (!target.length) { target = this.$name; }
      target.text(target.text().replace(name, label.position + ". " + label.title + " (" + name + ")"));
    }
    return result;
  };
})();
</script>
{%- endmacro -%}
