import type { FC } from "hono/jsx";
import { dateVi } from "./format.js";
import { type Field, keyOf } from "./kind-fields.js";

/** A payload shown with the labels of the form that made it. */
export const PayloadView: FC<{ fields: Field[]; value: Record<string, unknown> }> = ({ fields, value }) => (
  <dl class="facts">
    {fields.map((f) => {
      const v = value[keyOf(f)];
      if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return null;
      return (
        <>
          <dt>{f.label}</dt>
          <dd>{show(f, v)}</dd>
        </>
      );
    })}
  </dl>
);

function show(f: Field, v: unknown): unknown {
  if (f.kind === "group" && typeof v === "object")
    return <PayloadView fields={f.fields} value={v as Record<string, unknown>} />;
  if (f.kind === "variant" && typeof v === "object") {
    const chosen = f.options.find((o) => o.value === (v as { type?: string }).type);
    return chosen ? (
      <>
        {chosen.label}
        <PayloadView fields={chosen.fields} value={v as Record<string, unknown>} />
      </>
    ) : null;
  }
  if (f.kind === "rows" && Array.isArray(v)) {
    return (
      <ol>
        {v.map((row, i) => (
          <li>
            <PayloadView fields={f.fields(`${f.name}.${i}`)} value={row as Record<string, unknown>} />
          </li>
        ))}
      </ol>
    );
  }
  if (Array.isArray(v))
    return (
      <ul>
        {v.map((x) => (
          <li>{String(x)}</li>
        ))}
      </ul>
    );
  if (f.kind === "date" && typeof v === "string") return dateVi(v);
  if (f.kind === "select") return f.options.find((o) => o.value === v)?.label ?? String(v);
  return String(v);
}
