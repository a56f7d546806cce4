import { Card, Tag, Typography } from 'antd';
import type { InboxMessages } from './inbox-messages';

type Fields = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** Pictures may show only from the console's own origin (its Content-Security-Policy); others become links. */
function sameOrigin(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//');
}

function ProductCard({ product }: { product: Fields }) {
  const image = str(product.imageUrl);
  return (
    <Card size="small" className="inbox-card inbox-card-product" style={{ width: 240 }}>
      <div style={{ display: 'flex', gap: 8 }}>
        {image && sameOrigin(image) && <img src={image} alt="" width={48} height={48} style={{ objectFit: 'cover' }} />}
        <div>
          <Typography.Text strong className="inbox-card-title">
            {str(product.title)}
          </Typography.Text>
          <div style={{ color: '#cf1322' }}>¥{str(product.price)}</div>
          {str(product.subtitle) && <Typography.Text type="secondary">{str(product.subtitle)}</Typography.Text>}
        </div>
      </div>
    </Card>
  );
}

function CouponCard({ coupon, m }: { coupon: Fields; m: InboxMessages }) {
  return (
    <Card size="small" className="inbox-card inbox-card-coupon" style={{ width: 240, borderColor: '#ffa39e' }}>
      <Typography.Text strong className="inbox-card-title">
        ¥{str(coupon.amount)} · {str(coupon.title)}
      </Typography.Text>
      <div>{m.minSpend(Number(coupon.minSpend) || 0)}</div>
      <Typography.Text type="secondary">
        {m.expires} {str(coupon.expiresAt).slice(0, 10)} · {m.couponCode} {str(coupon.code)}
      </Typography.Text>
    </Card>
  );
}

function OrderCard({ order, m }: { order: Fields; m: InboxMessages }) {
  return (
    <Card size="small" className="inbox-card inbox-card-order" style={{ width: 240 }}>
      <Typography.Text strong className="inbox-card-title">
        {m.orderCard} {str(order.id)}
      </Typography.Text>{' '}
      <Tag>{m.orderStatus[str(order.status)] ?? str(order.status)}</Tag>
      {str(order.logistics) && <div>{str(order.logistics)}</div>}
    </Card>
  );
}

/** A sent message's card (product, coupon, order, picture, quick replies), or undefined for plain text. */
export function MessageCard({ payload, m }: { payload: Fields | null; m: InboxMessages }) {
  const fields = (key: string): Fields =>
    payload && typeof payload[key] === 'object' && payload[key] !== null ? (payload[key] as Fields) : {};
  switch (payload?.type) {
    case 'product_card':
      return <ProductCard product={fields('product')} />;
    case 'coupon_card':
      return <CouponCard coupon={fields('coupon')} m={m} />;
    case 'order_card':
      return <OrderCard order={fields('order')} m={m} />;
    case 'image': {
      const url = str(payload.url);
      return sameOrigin(url) ? (
        <img className="inbox-card inbox-card-image" src={url} alt={m.image} style={{ maxWidth: 200 }} />
      ) : (
        <a className="inbox-card inbox-card-image" href={url} target="_blank" rel="noopener noreferrer">
          {m.image} {url}
        </a>
      );
    }
    case 'quick_replies': {
      const replies = Array.isArray(payload.replies) ? (payload.replies as Fields[]) : [];
      return (
        <div className="inbox-card inbox-card-quick">
          <div>{str(payload.text)}</div>
          {replies.map((r, i) => (
            <Tag key={i} style={{ marginTop: 4 }}>
              {str(r.title) || str(r.text)}
            </Tag>
          ))}
        </div>
      );
    }
    default:
      return null;
  }
}
