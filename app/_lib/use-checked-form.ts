"use client";

import {
  useEffect,
  useEffectEvent,
  useRef,
  useState,
  type ChangeEvent,
  type FormEvent,
} from "react";
import { useIssueText, useServerError } from "@/app/_components/ui/form";
import { issueErrors, recheckedErrors, withinField, type FormErrors } from "./form-errors";

/** A zod `safeParse` result, as a form's check gives it. */
type Checked<Out> =
  | { success: true; data: Out }
  | {
      success: false;
      error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
    };

/** Reads a form's values as typed into what its procedure takes (a schema's safeParse). */
type FormCheck<Values, Out> = (values: Values) => Checked<Out>;

/**
 * A form in plain React state, checked by a schema fetched when the form opens (or, with
 * `loadOnOpen: false`, when it is first sent; zod and the server's schemas stay out of the
 * page's own script): the values as typed,
 * their errors by field, and the behaviour react-hook-form gave the forms before: on a refused
 * send the first field in error takes the focus, and from then on each field is checked again
 * as it changes. A refusal from the server lands on its fields and in `serverMessage`.
 */
export function useCheckedForm<Values extends object, Out>(
  initial: Values,
  loadCheck: () => Promise<FormCheck<Values, Out>>,
  { loadOnOpen = true }: { loadOnOpen?: boolean } = {},
) {
  const [values, setValues] = useState(initial);
  // The values as the last change left them, which a render may not show yet (two quick
  // changes must not both build on one render's values).
  const latest = useRef(values);
  const [errors, setErrors] = useState<FormErrors>({});
  const [sent, setSent] = useState(false);
  const check = useRef<FormCheck<Values, Out> | null>(null);
  const loading = useRef<Promise<FormCheck<Values, Out>> | null>(null);
  const issueText = useIssueText();

  function startCheck() {
    loading.current ??= loadCheck().then(
      (loaded) => (check.current = loaded),
      (err: unknown) => {
        loading.current = null; // a chunk that failed to load is asked for again next send
        throw err;
      },
    );
    return loading.current;
  }
  const startOnOpen = useEffectEvent(() => {
    if (loadOnOpen) startCheck().catch(() => {});
  });
  useEffect(() => startOnOpen(), []);

  // A refused send: once its errors are drawn, its form's first field marked invalid takes the
  // focus. Another render (a query's answer arriving) can commit between the send and the
  // render that draws the errors: the focus waits for the render that holds these very errors.
  const refused = useRef<{ form: HTMLFormElement | null; errors: FormErrors } | null>(null);
  useEffect(() => {
    if (refused.current?.errors !== errors) return;
    refused.current.form?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
    refused.current = null;
  });

  /** Changes the values at `field` (a path: "items.0.name"), then checks it again once the form was sent. */
  function update(field: string, next: (values: Values) => Values) {
    const changed = next(latest.current);
    latest.current = changed;
    setValues(changed);
    if (sent && check.current) {
      const result = check.current(changed);
      const now = result.success ? {} : issueErrors(result.error.issues);
      setErrors((previous) => recheckedErrors(previous, now, field));
    }
  }
  /** Sets a field, then checks it again once the form was sent. */
  function set<K extends keyof Values & string>(field: K, value: Values[K]) {
    update(field, (values) => ({ ...values, [field]: value }));
  }

  /** A field's id and name, marked invalid and pointed at its error or hint (a path for a part). */
  function describe(name: string, hint?: string) {
    const invalid = errorOf(name) !== undefined;
    return {
      id: name,
      name,
      "aria-invalid": invalid ? (true as const) : undefined,
      "aria-describedby": invalid ? `${name}-error` : hint ? `${name}-hint` : undefined,
    };
  }

  const serverError = useServerError({
    setError: (name, error) => setErrors((previous) => ({ ...previous, [name]: error })),
  });

  /** The first error of a field or of any part of it ("currencies.1"). */
  const errorOf = (name: string) =>
    Object.entries(errors).find(([path]) => withinField(path, name))?.[1];

  /** A submit handler: `onValid` gets what the check read, else the errors are shown. */
  const handleSubmit = (onValid: (data: Out) => void) => async (e?: FormEvent<HTMLFormElement>) => {
    e?.preventDefault();
    const form = e?.currentTarget ?? null;
    setSent(true);
    let read: FormCheck<Values, Out>;
    try {
      read = await startCheck();
    } catch (err) {
      serverError(err);
      return;
    }
    const result = read(latest.current);
    if (!result.success) {
      const drawn = issueErrors(result.error.issues);
      refused.current = { form, errors: drawn };
      setErrors(drawn);
      return;
    }
    setErrors({});
    onValid(result.data);
  };

  return {
    values,
    set,
    update,
    describe,
    handleSubmit,
    serverError,
    /** The form's refusal as a whole, in the user's language. */
    serverMessage: errors["root.server"]?.message,
    /** A field's error in the user's language (`messageValues` fill its placeholders). */
    errorText: (name: string, messageValues?: Record<string, string>) =>
      issueText(errorOf(name), messageValues),
    /** The error of `name` itself, not of its parts: a list's own (too many lines, their sum). */
    ownErrorText: (name: string) => issueText(errors[name]),
    /** A text field's control props: bound to its value, marked invalid, pointed at its error or hint. */
    control: (name: keyof Values & string, hint?: string) => ({
      ...describe(name, hint),
      value: String(values[name] ?? ""),
      onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
        set(name, e.target.value as Values[typeof name]),
    }),
  };
}
