import type { FC } from "hono/jsx";
import type { ApiError } from "./api-client.js";
import { fieldId } from "./layout.js";

// One way to lay out a form field: its label, the API's error for it right above the control, the control.

/** The API's field errors by the field they name (`query.to`, `periodKey`): the page's controls use the same ids. */
export const errorsByField = (error?: ApiError) =>
  new Map((error?.details ?? []).map((d) => [d.field ?? "", d.message]));

/** A labelled control with its error; the control takes `id={fieldId(name)}`. */
export const Field: FC<{
  name: string;
  label: string;
  hint?: string;
  errors: Map<string, string>;
  children?: unknown;
}> = (p) => (
  <div class={`field${p.errors.has(p.name) ? " invalid" : ""}`}>
    <label for={fieldId(p.name)}>{p.label}</label>
    {p.hint && <span class="hint">{p.hint}</span>}
    {p.errors.has(p.name) && (
      <span class="field-error" id={`${fieldId(p.name)}-loi`}>
        {p.errors.get(p.name)}
      </span>
    )}
    {p.children}
  </div>
);
