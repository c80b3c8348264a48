{%- extends 'nbgrader/manage_assignments.tpl' -%}
{%- from 'course_order.tpl' import course_order -%}

{%- block head -%}
{{ super() }}
{{ course_order("AssignmentUI") }}
{%- endblock -%}
