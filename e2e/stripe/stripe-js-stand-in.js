// A stand-in for Stripe.js (https://js.stripe.com/v3/), served to the browser by
// e2e/stripe-card.spec.ts through page.route: the suite never reaches the internet. It does
// only what the pay page uses — Stripe(pk), elements({ clientSecret, locale, appearance }),
// create("payment"), mount, on("ready" | "change"), confirmPayment — with one plain field in
// place of Stripe's frames, and records what the page gave it in window.__stripeStandIn.
(() => {
  const seen = { publishableKey: null, elements: null, created: null, confirm: null };
  window.__stripeStandIn = seen;

  window.Stripe = (publishableKey) => {
    seen.publishableKey = publishableKey;
    let current = null;
    return {
      elements(options) {
        seen.elements = {
          clientSecret: options.clientSecret,
          locale: options.locale,
          appearance: options.appearance ?? null,
        };
        current = {
          create(type) {
            seen.created = type;
            const handlers = {};
            const emit = (name, event) => (handlers[name] ?? []).forEach((h) => h(event));
            let field = null;
            return {
              on(name, handler) {
                (handlers[name] ??= []).push(handler);
              },
              mount(container) {
                field = document.createElement("label");
                field.style.display = "flex";
                field.style.flexDirection = "column";
                field.style.gap = "4px";
                field.textContent = "Card number (stand-in)";
                const input = document.createElement("input");
                input.inputMode = "numeric";
                input.style.border = "1px solid #ccc";
                input.style.borderRadius = "8px";
                input.style.padding = "8px";
                input.addEventListener("input", () =>
                  emit("change", {
                    complete: input.value.replace(/\s/g, "").length >= 16,
                    empty: input.value === "",
                  }),
                );
                field.append(input);
                container.append(field);
                setTimeout(() => emit("ready", {}), 0);
              },
              destroy() {
                field?.remove();
              },
            };
          },
        };
        return current;
      },
      // The card "succeeds" in the browser, without any notification reaching the shop.
      confirmPayment(options) {
        seen.confirm = {
          returnUrl: options.confirmParams.return_url,
          redirect: options.redirect,
          sameElements: options.elements === current,
        };
        const intent = seen.elements.clientSecret.split("_secret_")[0];
        return Promise.resolve({ paymentIntent: { id: intent, status: "succeeded" } });
      },
    };
  };
})();
