// The customer's stylesheet (see CustomerLayout).
export { default } from "@/app/_components/customer-layout";
