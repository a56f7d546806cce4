import { Button, Dropdown, Empty, Input, Modal, Popover, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { fetchCouponTemplates, searchProducts, type OperatorMessage, type ProductHit } from './inbox-api';
import type { InboxMessages } from './inbox-messages';
import { useInboxNotify } from './inbox-notify';

interface ToolProps {
  m: InboxMessages;
  disabled: boolean;
  send(message: OperatorMessage): Promise<boolean>;
}

/** 发送商品: search the shop's products and send one as a card. */
export function ProductPicker({ m, disabled, send }: ToolProps) {
  const notify = useInboxNotify();
  const [open, setOpen] = useState(false);
  const [hits, setHits] = useState<ProductHit[]>();
  const search = (q: string) => {
    if (q.trim()) searchProducts(q.trim()).then(setHits, notify);
  };
  return (
    <>
      <Button id="inbox-product-open" size="small" disabled={disabled} onClick={() => setOpen(true)}>
        {m.product}
      </Button>
      <Modal open={open} title={m.product} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        <Input.Search id="inbox-product-search" placeholder={m.productSearch} enterButton onSearch={search} allowClear />
        <div id="inbox-product-results" style={{ marginTop: 12 }}>
          {hits?.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.productNone} />}
          {hits?.map((p) => (
            <div
              key={p.id}
              className="inbox-product-hit"
              style={{ display: 'flex', justifyContent: 'space-between', padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}
            >
              <span>
                <Typography.Text>{p.title}</Typography.Text> <Typography.Text type="danger">¥{p.price}</Typography.Text>
              </span>
              <Button
                size="small"
                type="primary"
                className="inbox-product-send"
                onClick={() =>
                  void send({ type: 'product', productId: p.id }).then((ok) => {
                    if (ok) setOpen(false);
                  })
                }
              >
                {m.send}
              </Button>
            </div>
          ))}
        </div>
      </Modal>
    </>
  );
}

/** 发优惠券: one of the coupon templates the flows issue. */
export function CouponPicker({ m, disabled, send }: ToolProps) {
  const notify = useInboxNotify();
  const [templates, setTemplates] = useState<string[]>([]);
  useEffect(() => {
    fetchCouponTemplates().then(setTemplates, notify);
  }, [notify]);
  return (
    <Dropdown
      disabled={disabled}
      trigger={['click']}
      menu={{
        id: 'inbox-coupon-menu',
        items: templates.length ? templates.map((t) => ({ key: t, label: t })) : [{ key: '', label: m.couponNone, disabled: true }],
        onClick: ({ key }) => void send({ type: 'coupon', templateId: key }),
      }}
    >
      <Button id="inbox-coupon-open" size="small" disabled={disabled}>
        {m.coupon}
      </Button>
    </Dropdown>
  );
}

/** 图片: send a picture by its https link. */
export function ImageSender({ m, disabled, send }: ToolProps) {
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState('');
  const valid = /^https:\/\/\S+$/.test(url.trim());
  const submit = async () => {
    if (valid && (await send({ type: 'image', url: url.trim() }))) {
      setUrl('');
      setOpen(false);
    }
  };
  const content = (
    <Space.Compact style={{ width: 360 }}>
      <Input
        id="inbox-image-url"
        value={url}
        placeholder={m.imageUrl}
        status={url && !valid ? 'error' : undefined}
        onChange={(e) => setUrl(e.target.value)}
        onPressEnter={() => void submit()}
      />
      <Button id="inbox-image-send" type="primary" disabled={!valid} onClick={() => void submit()}>
        {m.send}
      </Button>
    </Space.Compact>
  );
  return (
    <Popover trigger="click" open={open} onOpenChange={setOpen} content={content} title={url && !valid ? m.imageBad : m.imageUrl}>
      <Button id="inbox-image-open" size="small" disabled={disabled}>
        {m.image2}
      </Button>
    </Popover>
  );
}
