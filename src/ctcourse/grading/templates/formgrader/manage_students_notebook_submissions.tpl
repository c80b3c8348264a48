{%- extends 'nbgrader/manage_students_notebook_submissions.tpl' -%}

{%- block table_header -%}
<tr>
  <th>Notebook</th>
  <th class="text-center">Overall score</th>
  <th class="text-center">Quiz score</th>
  <th class="text-center">Written answers score</th>
  <th class="text-center">Task score</th>
  <th class="text-center">Written answers to grade?</th>
  <th class="text-center">A quiz question below full marks?</th>
  <th class="text-center">Flagged?</th>
</tr>
{%- endblock -%}
