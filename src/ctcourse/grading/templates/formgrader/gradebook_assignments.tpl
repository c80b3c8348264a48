{%- extends 'nbgrader/gradebook_assignments.tpl' -%}
{%- from 'course_order.tpl' import course_order -%}

{%- block head -%}
{{ super() }}
{{ course_order("AssignmentUI") }}
{%- endblock -%}

{%- block table_header -%}
<tr>
  <th>Module</th>
  <th class="text-center">Due Date</th>
  <th class="text-center">Submissions</th>
  <th class="text-center">Average score</th>
</tr>
{%- endblock -%}
