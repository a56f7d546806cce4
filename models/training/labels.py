"""The default intent taxonomy (../shared/docs/intents.md), in its order. Index = class id."""
INTENTS = [
    "greeting", "product_inquiry", "stock_availability", "price_promotion", "purchase_how",
    "shipping_logistics", "order_change", "payment_issue", "return_refund", "after_sales",
    "invoice", "complaint", "human_agent", "thanks_goodbye", "affirm", "deny", "unsubscribe",
    "out_of_scope",
]
LABEL2ID = {l: i for i, l in enumerate(INTENTS)}
