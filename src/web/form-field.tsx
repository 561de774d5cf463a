import type { Child, FC } from "hono/jsx";
import type { ApiError } from "./api-client.js";
import { fieldId } from "./layout.js";

// One way to lay out a form field: its label, its hint, the API's error for it right above the control, the control.

/**
 * The API's field errors by the field they name (`query.to`, `periodKey`, `payload.plan.name`); `at` moves an error
 * to the control that shows it. Several errors of one field are joined.
 */
export function errorsByField(
  error?: ApiError,
  at: (field: string | undefined) => string | undefined = (field) => field ?? "",
): Map<string, string> {
  const errors = new Map<string, string>();
  for (const d of error?.details ?? []) {
    const name = at(d.field);
    if (name === undefined) continue;
    errors.set(name, errors.has(name) ? `${errors.get(name)}; ${d.message}` : d.message);
  }
  return errors;
}

/** What a control says of itself: whether it is invalid, and the hint and error that describe it. */
export function fieldAria(name: string, errors: Map<string, string>, hasHint = false) {
  const id = fieldId(name);
  const by = [hasHint ? `${id}-goi-y` : "", errors.has(name) ? `${id}-loi` : ""].filter(Boolean);
  return {
    "aria-invalid": errors.has(name) ? ("true" as const) : undefined,
    "aria-describedby": by.length ? by.join(" ") : undefined,
  };
}

/** A labelled control with its hint and error; the control takes `id={fieldId(name)}` (and `fieldAria`). */
export const Field: FC<{
  name: string;
  label: Child;
  hint?: string | undefined;
  errors: Map<string, string>;
  children?: Child;
}> = (p) => {
  const id = fieldId(p.name);
  return (
    <div class={`field${p.errors.has(p.name) ? " invalid" : ""}`}>
      <label for={id}>{p.label}</label>
      {p.hint && (
        <span class="hint" id={`${id}-goi-y`}>
          {p.hint}
        </span>
      )}
      {p.errors.has(p.name) && (
        <span class="field-error" id={`${id}-loi`}>
          {p.errors.get(p.name)}
        </span>
      )}
      {p.children}
    </div>
  );
};
