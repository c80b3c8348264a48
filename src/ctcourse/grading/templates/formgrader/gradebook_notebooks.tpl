{%- extends 'nbgrader/gradebook_notebooks.tpl' -%}

{%- block table_header -%}
<tr>
  <th>Notebook</th>
  <th class="text-center">Avg. score</th>
  <th class="text-center">Avg. quiz score</th>
  <th class="text-center">Avg. written answers score</th>
  <th class="text-center">Avg. task score</th>
  <th class="text-center">Written answers to grade?</th>
</tr>
{%- endblock -%}
