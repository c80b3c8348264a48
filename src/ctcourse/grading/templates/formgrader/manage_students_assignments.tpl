{%- extends 'nbgrader/manage_students_assignments.tpl' -%}
{%- from 'course_order.tpl' import course_order -%}

{%- block head -%}
{{ super() }}
{{ course_order("StudentSubmissionUI") }}
{%- endblock -%}

{%- block table_header -%}
<tr>
  <th>Module</th>
  <th class="text-center">Overall score</th>
  <th class="text-center">Quiz score</th>
  <th class="text-center">Written answers score</th>
  <th class="text-center">Task score</th>
  <th class="text-center">Written answers to grade?</th>
</tr>
{%- endblock -%}
