import type { FC } from "hono/jsx";
import { type Field, type FormInput, rowsToShow } from "./kind-fields.js";
import { fieldId } from "./layout.js";

export type FieldErrors = Map<string, string[]>;

interface Ctx {
  values: FormInput;
  errors: FieldErrors;
  extraRow?: string | undefined;
}

const Label: FC<{ f: Field }> = ({ f }) => (
  <>
    {f.label}
    {f.required ? <span class="muted"> (bắt buộc)</span> : null}
  </>
);

/** One field: its label, its errors right above the input (where the user typed), the input. */
export const Input: FC<{ f: Field; ctx: Ctx }> = ({ f, ctx }) => {
  const id = fieldId(f.name);
  const errors = ctx.errors.get(f.name) ?? [];
  const value = ctx.values[f.name] ?? "";
  const described = [f.kind === "lines" ? `${id}-hint` : "", errors.length ? `${id}-error` : ""].filter(
    Boolean,
  );
  const common = {
    id,
    name: f.name,
    "aria-invalid": errors.length ? "true" : undefined,
    "aria-describedby": described.length ? described.join(" ") : undefined,
  };
  let control: unknown;
  switch (f.kind) {
    case "select":
      control = (
        <select {...common}>
          <option value="">— chọn —</option>
          {f.options.map((o) => (
            <option value={o.value} selected={o.value === value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case "textarea":
      control = (
        <textarea {...common} rows={5}>
          {value}
        </textarea>
      );
      break;
    case "lines":
      control = (
        <textarea {...common} rows={4}>
          {value}
        </textarea>
      );
      break;
    case "number":
      control = <input type="text" inputmode="numeric" {...common} value={value} />;
      break;
    case "date":
    case "email":
    case "tel":
    case "text":
      control = <input type={f.kind} {...common} value={value} />;
      break;
    default:
      control = null;
  }
  return (
    <div class={`field${errors.length ? " invalid" : ""}`}>
      <label for={id}>
        <Label f={f} />
      </label>
      {f.kind === "lines" && (
        <span class="hint" id={`${id}-hint`}>
          Mỗi dòng một mục.
        </span>
      )}
      {errors.length > 0 && (
        <span class="field-error" id={`${id}-error`}>
          {errors.join("; ")}
        </span>
      )}
      {control}
    </div>
  );
};

const GroupErrors: FC<{ name: string; ctx: Ctx }> = ({ name, ctx }) => {
  const errors = ctx.errors.get(name) ?? [];
  return errors.length ? (
    <span class="field-error" id={`${fieldId(name)}-error`}>
      {errors.join("; ")}
    </span>
  ) : null;
};

/** The fields of a request kind (or any field list), nested as the schema nests them. */
export const Fields: FC<{ fields: Field[]; ctx: Ctx }> = ({ fields, ctx }) => (
  <>
    {fields.map((f) => {
      switch (f.kind) {
        case "group":
          return (
            <fieldset id={fieldId(f.name)}>
              <legend>
                <Label f={f} />
              </legend>
              <GroupErrors name={f.name} ctx={ctx} />
              <div class={isShortGroup(f.fields) ? "inline-fields" : undefined}>
                <Fields fields={f.fields} ctx={ctx} />
              </div>
            </fieldset>
          );
        case "variant":
          return (
            <fieldset id={fieldId(f.name)}>
              <legend>
                <Label f={f} />
              </legend>
              <GroupErrors name={f.name} ctx={ctx} />
              <Input
                f={{
                  kind: "select",
                  name: `${f.name}.type`,
                  label: "Loại",
                  required: true,
                  options: f.options,
                }}
                ctx={ctx}
              />
              {f.options.map((o) => (
                <div>
                  <p class="hint">Khi chọn “{o.label}”:</p>
                  <Fields fields={o.fields} ctx={ctx} />
                </div>
              ))}
            </fieldset>
          );
        case "rows":
          return (
            <fieldset id={fieldId(f.name)}>
              <legend>
                <Label f={f} />
              </legend>
              <GroupErrors name={f.name} ctx={ctx} />
              {rowsToShow(f, ctx.values, ctx.extraRow).map((i, n) => (
                <fieldset>
                  <legend>Dòng {n + 1}</legend>
                  <Fields fields={f.fields(`${f.name}.${i}`)} ctx={ctx} />
                </fieldset>
              ))}
              <p class="hint">Dòng để trống hoàn toàn sẽ được bỏ qua.</p>
              <button type="submit" name="_them" value={f.name}>
                Thêm dòng
              </button>
            </fieldset>
          );
        default:
          return <Input f={f} ctx={ctx} />;
      }
    })}
  </>
);

/** Date ranges and similar small groups sit side by side on a wide screen. */
const isShortGroup = (fields: Field[]) =>
  fields.length <= 2 && fields.every((f) => f.kind === "date" || f.kind === "number");
