import type { Child, FC } from "hono/jsx";
import { fieldAria, Field as FormField } from "./form-field.js";
import { type Field, type FormInput, rowsToShow } from "./kind-fields.js";
import { fieldId } from "./layout.js";

interface Ctx {
  values: FormInput;
  errors: Map<string, string>;
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
  const value = ctx.values[f.name] ?? "";
  const hint = f.kind === "lines" ? "Mỗi dòng một mục." : undefined;
  const common = { id: fieldId(f.name), name: f.name, ...fieldAria(f.name, ctx.errors, !!hint) };
  let control: Child = null;
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
    case "lines":
      control = (
        <textarea {...common} rows={f.kind === "lines" ? 4 : 5}>
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
  }
  return (
    <FormField name={f.name} label={<Label f={f} />} hint={hint} errors={ctx.errors}>
      {control}
    </FormField>
  );
};

/** A field made of fields (a group, a choice, a list of rows): a fieldset with its legend and its own error. */
const Group: FC<{ f: Field; ctx: Ctx; children?: Child }> = ({ f, ctx, children }) => {
  const error = ctx.errors.get(f.name);
  return (
    <fieldset id={fieldId(f.name)}>
      <legend>
        <Label f={f} />
      </legend>
      {error && (
        <span class="field-error" id={`${fieldId(f.name)}-loi`}>
          {error}
        </span>
      )}
      {children}
    </fieldset>
  );
};

/** The fields of a request kind (or any field list), nested as the schema nests them. */
export const Fields: FC<{ fields: Field[]; ctx: Ctx }> = ({ fields, ctx }) => (
  <>
    {fields.map((f) => {
      switch (f.kind) {
        case "group":
          return (
            <Group f={f} ctx={ctx}>
              <div class={isShortGroup(f.fields) ? "inline-fields" : undefined}>
                <Fields fields={f.fields} ctx={ctx} />
              </div>
            </Group>
          );
        case "variant":
          return (
            <Group f={f} ctx={ctx}>
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
            </Group>
          );
        case "rows":
          return (
            <Group f={f} ctx={ctx}>
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
            </Group>
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
