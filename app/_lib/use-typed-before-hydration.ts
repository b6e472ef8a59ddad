"use client";

import {
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  type ChangeEvent,
  type Ref,
  type RefObject,
} from "react";
import { useHydrated } from "./use-hydrated";

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The props of a controlled field this hook reads. */
interface ControlledProps<E extends Control> {
  value?: unknown;
  checked?: boolean;
  onChange?: (event: ChangeEvent<E>) => void;
}

/**
 * What was typed (or ticked) into the server's HTML before the page's script ran:
 * React keeps it on the screen as it hydrates a controlled field but not in its state,
 * so the next render puts the server's value back and the typing is lost — a cashier on a
 * slow tablet, a scanner gun typing a code as the page opens. False when the field shows
 * what React rendered.
 */
function typedEarly(el: Control, { value, checked }: ControlledProps<Control>): boolean {
  if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) {
    if (checked === undefined) return false;
    // A radio can only be newly chosen; the one it replaced reports itself unchosen.
    return el.type === "radio" ? el.checked && !checked : el.checked !== checked;
  }
  if (value === undefined) return false;
  if (el instanceof HTMLSelectElement) {
    // A select whose options come later (from a query) cannot show its value yet and reads
    // "" or its first option: that is no one's choice, and handing it over would wipe the
    // value (a shared link's currency). Only a move away from a shown value is a choice.
    if (el.multiple || ![...el.options].some((o) => o.value === String(value))) return false;
  }
  return el.value !== String(value);
}

/** What a change of the field is about: its value, or whether it is ticked. */
function changed(el: Control): string {
  return el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")
    ? `checked:${el.checked}`
    : el.value;
}

/** The same of what React rendered into the field. */
function rendered(el: Control, { value, checked }: Omit<ControlledProps<Control>, "onChange">) {
  return el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")
    ? `checked:${checked}`
    : String(value);
}

/**
 * For a controlled field: when its page hydrates, hands what was typed into it before then
 * to its `onChange`, as if typed just now, so the form's state takes it. Does nothing for
 * a field mounted later (React draws its value itself). Returns what the field's element
 * takes: its `ref` (the caller's `ref` gets the element too) and its `onChange`.
 */
export function useTypedBeforeHydration<E extends Control>(
  ref: Ref<E> | undefined,
  props: ControlledProps<E>,
): { ref: RefObject<E | null>; onChange: ((event: ChangeEvent<E>) => void) | undefined } {
  const element = useRef<E | null>(null);
  // Kept from the first render: false while the page hydrates, true for a later mount.
  const hydrated = useHydrated();
  const mountedByHydration = useRef(!hydrated);
  /** The change handed over at hydration, until the field's next change event. */
  const handedOver = useRef<string | null>(null);
  // A layout effect: it runs at hydration's commit, before any re-render could draw the
  // server's value over the typed one.
  useLayoutEffect(() => {
    const el = element.current;
    if (!mountedByHydration.current || !el || !props.onChange) return;
    if (!typedEarly(el, props as ControlledProps<Control>)) return;
    handedOver.current = changed(el);
    // What the forms' handlers read of React's change event (its target, mostly).
    const nativeEvent = new Event("change", { bubbles: true });
    props.onChange({
      nativeEvent,
      bubbles: true,
      timeStamp: nativeEvent.timeStamp,
      target: el,
      currentTarget: el,
      type: "change",
      isDefaultPrevented: () => false,
      isPropagationStopped: () => false,
      persist: () => {},
      preventDefault: () => {},
      stopPropagation: () => {},
    } as unknown as ChangeEvent<E>);
    // Only the hydration's own values matter: once, as the page becomes live.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // The caller's own ref (a focus call) gets the element as usual.
  useImperativeHandle(ref, () => element.current as E, []);
  const { onChange } = props;
  return {
    ref: element,
    onChange:
      onChange &&
      ((event) => {
        // A change made while the page hydrated is also dispatched by React once hydrated
        // (a select's change event is, whatever its value): it was handed over already. By
        // then React may have drawn the rendered value back into the field (the form's state
        // had not taken the change yet), and the event shows that one: no change either.
        const handed = handedOver.current;
        handedOver.current = null;
        const now = changed(event.target);
        if (handed !== null && (now === handed || now === rendered(event.target, props))) return;
        onChange(event);
      }),
  };
}
