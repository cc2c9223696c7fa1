export const buildWebhookPayload = () => undefined; export const sendWebhook = () => undefined;
