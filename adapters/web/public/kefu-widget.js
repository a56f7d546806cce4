/*
 * kefu web chat widget. Plain modern JavaScript, no build step, no CDN, works offline.
 * Embed: <script src="https://your-kefu-host/widget/kefu-widget.js" data-shop="小美优选" defer></script>
 * Options (data-*): shop, title, open="true", path (WebSocket path, default /chat/ws), ws (full WebSocket URL).
 * Ask buttons: any element with data-kefu-ask="这款有XL吗" (and data-kefu-product="P1001" to name the product).
 * Logged-in shoppers: data-identity="<signed identity>" on the script tag, or KefuWidget.identify('<signed identity>')
 * after a login (null after a logout). The shop's backend signs it (docs/identity.md); kefu checks it.
 * All shopper and bot text is rendered with textContent, never parsed as HTML.
 */
(() => {
  'use strict';
  if (window.KefuWidget) return;

  const script = document.currentScript || document.querySelector('script[src*="kefu-widget.js"]');
  const base = new URL(script ? script.src : location.href, location.href);
  const data = (script && script.dataset) || {};
  const config = {
    shop: data.shop || '',
    title: data.title || (data.shop ? data.shop + ' 客服' : '在线客服'),
    open: data.open === 'true',
    wsUrl: data.ws || (base.protocol === 'https:' ? 'wss://' : 'ws://') + base.host + (data.path || '/chat/ws'),
  };
  const BASE_KEY = 'kefu:' + base.host + ':' + (config.shop || 'default');
  let identity = typeof data.identity === 'string' && data.identity ? data.identity : '';
  // The customer a signed identity names (read, not checked: the server checks it). Each customer and the anonymous
  // visitor keep their own conversation in this browser, so a logout never shows the last customer's chat.
  const customerOf = (token) => {
    try {
      const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const sub = JSON.parse(decodeURIComponent(escape(atob(part)))).sub;
      return typeof sub === 'string' ? sub : '';
    } catch {
      return '';
    }
  };
  const storeKey = () => {
    const customer = identity ? customerOf(identity) : '';
    return customer ? BASE_KEY + ':c:' + customer : BASE_KEY;
  };
  const ERROR_TEXT = {
    rate_limited: '您发得太快啦，歇一下再发哦～',
    too_many_connections: '当前网络下打开的客服窗口太多啦，请关掉几个页面，或稍后再试～',
    frame_too_large: '这条消息太长啦，可以分几次发给我哦～',
    empty_message: '消息是空的哦，写点什么再发吧～',
    unavailable: '客服马上就来，请稍后再试一下～',
    internal: '抱歉，系统开了个小差，请再发一次试试～',
  };

  // ---------- small DOM helpers (text only) ----------
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };
  const safeUrl = (value) => {
    if (typeof value !== 'string' || value.trim() === '') return '';
    try {
      const url = new URL(String(value), location.href);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '';
    } catch {
      return '';
    }
  };
  const money = (n) => '¥' + (Math.round(Number(n) * 100) / 100).toString();
  const newId = () => 'm' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);

  // ---------- storage ----------
  const store = {
    load() {
      try {
        return JSON.parse(localStorage.getItem(storeKey()) || '{}') || {};
      } catch {
        return {};
      }
    },
    save(ids) {
      try {
        localStorage.setItem(storeKey(), JSON.stringify(ids));
      } catch {
        /* private mode: ids live for this page only */
      }
    },
  };

  // ---------- stylesheet ----------
  const css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = new URL('kefu-widget.css', base).href;
  document.head.appendChild(css);

  // ---------- layout ----------
  const root = el('div', 'kefu-root');
  const launcher = el('button', 'kefu-launcher');
  launcher.type = 'button';
  launcher.setAttribute('aria-label', '打开在线客服');
  launcher.appendChild(el('span', 'kefu-launcher-icon', '💬'));
  launcher.appendChild(el('span', 'kefu-launcher-text', '客服'));
  const badge = el('span', 'kefu-badge');
  badge.hidden = true;
  launcher.appendChild(badge);

  const panel = el('section', 'kefu-panel');
  panel.hidden = true;
  panel.setAttribute('aria-label', config.title);
  const header = el('header', 'kefu-header');
  header.appendChild(el('span', 'kefu-avatar', '美'));
  const heading = el('div', 'kefu-heading');
  heading.appendChild(el('strong', 'kefu-title', config.title));
  const status = el('span', 'kefu-status', '连接中…');
  status.setAttribute('data-kefu-status', 'connecting');
  status.setAttribute('aria-live', 'polite');
  heading.appendChild(status);
  header.appendChild(heading);
  const closeBtn = el('button', 'kefu-close', '×');
  closeBtn.type = 'button';
  closeBtn.setAttribute('aria-label', '收起');
  header.appendChild(closeBtn);

  const banner = el('div', 'kefu-offline', '网络开小差了，正在重新连接…');
  banner.hidden = true;
  const log = el('div', 'kefu-log');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  const typing = el('div', 'kefu-typing');
  typing.hidden = true;
  typing.setAttribute('aria-label', '客服正在输入');
  for (let i = 0; i < 3; i++) typing.appendChild(el('span', 'kefu-dot'));

  const form = el('form', 'kefu-compose');
  const input = el('textarea', 'kefu-input');
  input.rows = 1;
  input.placeholder = '请输入您的问题，回车发送';
  input.setAttribute('aria-label', '输入消息');
  input.maxLength = 2000;
  const sendBtn = el('button', 'kefu-send', '发送');
  sendBtn.type = 'submit';
  form.appendChild(input);
  form.appendChild(sendBtn);

  panel.append(header, banner, log, typing, form);
  root.append(panel, launcher);

  // ---------- rendering ----------
  const scroll = () => {
    log.scrollTop = log.scrollHeight;
  };
  const bubble = (who, text) => {
    const node = el('div', 'kefu-msg kefu-' + who, text);
    log.appendChild(node);
    return node;
  };
  const notice = (text, kind) => {
    log.appendChild(el('div', 'kefu-notice' + (kind ? ' kefu-' + kind : ''), text));
    scroll();
  };

  const renderProduct = (p) => {
    const card = el('div', 'kefu-card kefu-product');
    const img = safeUrl(p.imageUrl);
    const pic = el('div', 'kefu-product-pic');
    if (img) {
      const image = el('img');
      image.alt = p.title || '';
      image.src = img;
      pic.appendChild(image);
    } else {
      pic.textContent = String(p.title || '商品').slice(0, 1);
    }
    const body = el('div', 'kefu-card-body');
    body.appendChild(el('div', 'kefu-card-title', p.title));
    if (p.subtitle) body.appendChild(el('div', 'kefu-card-sub', p.subtitle));
    body.appendChild(el('div', 'kefu-price', money(p.price)));
    const link = safeUrl(p.url);
    if (link) {
      const a = el('a', 'kefu-card-link', '查看详情');
      a.href = link;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      body.appendChild(a);
    }
    card.append(pic, body);
    return card;
  };

  const renderCoupon = (c) => {
    const card = el('div', 'kefu-card kefu-coupon');
    const left = el('div', 'kefu-coupon-amount');
    left.appendChild(el('span', 'kefu-coupon-yen', '¥'));
    left.appendChild(el('span', 'kefu-coupon-value', c.amount));
    const right = el('div', 'kefu-card-body');
    right.appendChild(el('div', 'kefu-card-title', c.title));
    right.appendChild(el('div', 'kefu-card-sub', Number(c.minSpend) > 0 ? '满' + c.minSpend + '元可用' : '无门槛'));
    right.appendChild(el('div', 'kefu-card-sub', '有效期至 ' + String(c.expiresAt || '').slice(0, 10)));
    right.appendChild(el('div', 'kefu-coupon-code', '券码 ' + c.code));
    card.append(left, right);
    return card;
  };

  const renderOrder = (o) => {
    const card = el('div', 'kefu-card kefu-order');
    const body = el('div', 'kefu-card-body');
    const head = el('div', 'kefu-order-head');
    head.appendChild(el('span', 'kefu-card-title', '订单 ' + o.id));
    head.appendChild(el('span', 'kefu-order-status', o.status));
    body.appendChild(head);
    const list = el('ul', 'kefu-order-items');
    for (const item of o.items || []) list.appendChild(el('li', '', item.title + ' × ' + item.quantity));
    body.appendChild(list);
    if (o.logistics) body.appendChild(el('div', 'kefu-card-sub', '🚚 ' + o.logistics));
    body.appendChild(el('div', 'kefu-price', '合计 ' + money(o.total)));
    card.appendChild(body);
    return card;
  };

  const renderQuickReplies = (replies) => {
    const row = el('div', 'kefu-quick');
    for (const r of replies || []) {
      const b = el('button', 'kefu-quick-btn', r.title);
      b.type = 'button';
      b.addEventListener('click', () => {
        row.remove();
        bubble('me', r.title);
        scroll();
        send({ type: 'postback', id: newId(), title: r.title, payload: r.payload || r.title });
      });
      row.appendChild(b);
    }
    return row;
  };

  /** Render one bot message; quick-reply buttons only when `live`. */
  const renderBot = (m, live) => {
    switch (m && m.type) {
      case 'text':
        bubble('bot', m.text);
        break;
      case 'quick_replies':
        bubble('bot', m.text);
        if (live) log.appendChild(renderQuickReplies(m.replies));
        break;
      case 'image': {
        const src = safeUrl(m.url);
        const wrap = el('div', 'kefu-msg kefu-bot kefu-image');
        if (src) {
          const image = el('img');
          image.src = src;
          image.alt = m.alt || '图片';
          wrap.appendChild(image);
        } else wrap.textContent = m.alt || '[图片]';
        log.appendChild(wrap);
        break;
      }
      case 'product_card':
        log.appendChild(renderProduct(m.product || {}));
        break;
      case 'coupon_card':
        log.appendChild(renderCoupon(m.coupon || {}));
        break;
      case 'order_card':
        log.appendChild(renderOrder(m.order || {}));
        break;
      case 'handoff':
        notice('👩‍💼 ' + m.text, 'handoff');
        break;
      default:
        return;
    }
    scroll();
  };

  const clearQuickReplies = () => log.querySelectorAll('.kefu-quick').forEach((n) => n.remove());

  // ---------- connection ----------
  let socket = null;
  let ready = false;
  // Where the conversation stands (replies carry `message.status`): bot, waiting_human, human, ticket, after_hours.
  const BOT_STATUS = { state: 'bot', text: '智能客服在线' };
  let service = BOT_STATUS;
  const showStatus = (state, text) => {
    status.textContent = text;
    status.setAttribute('data-kefu-status', state);
  };
  /** Remembers a reply's status and shows it while connected. */
  const takeStatus = (m) => {
    const s = m && m.status;
    if (!s || typeof s.state !== 'string' || typeof s.text !== 'string') return;
    service = { state: s.state, text: s.text };
    if (ready) showStatus(service.state, service.text);
  };
  let attempts = 0;
  let retryTimer = 0;
  let typingTimer = 0;
  let visitPending = false;
  const VISIT_KEY = BASE_KEY + ':visited';
  let visited = false;
  try {
    visited = sessionStorage.getItem(VISIT_KEY) === '1';
  } catch {
    /* no session storage: one visit per page load */
  }
  const outbox = [];

  const send = (frame) => {
    if (ready && socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
    else outbox.push(frame);
  };

  const setTyping = (on) => {
    typing.hidden = !on;
    clearTimeout(typingTimer);
    if (on) typingTimer = setTimeout(() => (typing.hidden = true), 15000);
    scroll();
  };

  const onWelcome = (f) => {
    store.save({ userId: f.userId, conversationId: f.conversationId });
    log.textContent = '';
    const history = Array.isArray(f.history) ? f.history : [];
    service = BOT_STATUS;
    history.forEach((h, i) => {
      if (h.from === 'shopper') bubble('me', h.text);
      else {
        renderBot(h.message, i === history.length - 1);
        takeStatus(h.message);
      }
    });
    if (history.length === 0) notice('您好，欢迎光临' + (config.shop || '本店') + '～有什么可以帮您？');
    scroll();
    ready = true;
    banner.hidden = true;
    showStatus(service.state, service.text);
    for (const f of outbox) if (f.type === 'message' || f.type === 'postback') bubble('me', f.text || f.title);
    scroll();
    while (outbox.length) socket.send(JSON.stringify(outbox.shift()));
    if (visitPending) sendVisit();
  };

  // Replies keyed by an outreach job carry a stable id (k_…): a copy sent again after a server crash is dropped.
  const shownReplies = new Set();
  const firstTime = (id) => {
    if (typeof id !== 'string' || !id.startsWith('k_')) return true;
    if (shownReplies.has(id)) return false;
    shownReplies.add(id);
    if (shownReplies.size > 500) shownReplies.delete(shownReplies.values().next().value);
    return true;
  };

  const onFrame = (f) => {
    switch (f.type) {
      case 'welcome':
        return onWelcome(f);
      case 'reply':
        if (!firstTime(f.id)) return;
        // New buttons replace old ones; a card or text after buttons keeps them, moved below it (still the last ones).
        if (f.message && f.message.type === 'quick_replies') clearQuickReplies();
        renderBot(f.message, true);
        takeStatus(f.message);
        log.querySelectorAll('.kefu-quick').forEach((n) => log.appendChild(n));
        scroll();
        if (panel.hidden) {
          badge.hidden = false;
          badge.textContent = String(Number(badge.textContent || 0) + 1);
        }
        return;
      case 'typing':
        return setTyping(Boolean(f.on));
      case 'notice':
        return notice(f.text);
      case 'error':
        // the server's own Chinese sentence when it sends one (rate limits), else the widget's per code
        return notice((typeof f.text === 'string' && f.text) || ERROR_TEXT[f.code] || '消息没有发送成功，请再试一次～', 'error');
      default:
        return;
    }
  };

  const connect = () => {
    clearTimeout(retryTimer);
    const ids = store.load();
    socket = new WebSocket(config.wsUrl);
    socket.addEventListener('open', () => {
      attempts = 0;
      const hello = { type: 'hello', userId: ids.userId, conversationId: ids.conversationId };
      socket.send(JSON.stringify(identity ? { ...hello, identity } : hello));
    });
    socket.addEventListener('message', (ev) => {
      try {
        onFrame(JSON.parse(ev.data));
      } catch {
        /* ignore frames we do not understand */
      }
    });
    socket.addEventListener('close', () => {
      ready = false;
      setTyping(false);
      banner.hidden = false;
      showStatus('offline', '离线');
      const delay = Math.min(15000, 500 * Math.pow(2, attempts++)) * (0.8 + Math.random() * 0.4);
      retryTimer = setTimeout(connect, delay);
    });
  };

  // ---------- actions ----------
  const sendVisit = () => {
    visitPending = false;
    send({ type: 'event', id: newId(), name: 'visit', payload: { page: location.pathname, title: document.title, shop: config.shop } });
  };

  /** Send what the shopper typed; `context` may name the product they asked from: `{ productId: 'P1001' }`. */
  const sendText = (raw, context) => {
    const text = String(raw || '').trim();
    if (!text) return;
    clearQuickReplies();
    bubble('me', text);
    scroll();
    const productId = context && typeof context.productId === 'string' ? context.productId : '';
    send(productId ? { type: 'message', id: newId(), text, context: { productId } } : { type: 'message', id: newId(), text });
  };

  const open = () => {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    root.classList.add('kefu-open');
    badge.hidden = true;
    badge.textContent = '';
    if (!visited) {
      visited = true;
      try {
        sessionStorage.setItem(VISIT_KEY, '1');
      } catch {
        /* ignore */
      }
      if (ready) sendVisit();
      else visitPending = true;
    }
    scroll();
    input.focus();
  };
  const close = () => {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    root.classList.remove('kefu-open');
  };

  launcher.addEventListener('click', () => (panel.hidden ? open() : close()));
  closeBtn.addEventListener('click', close);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    sendText(input.value);
    input.value = '';
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  // Shop pages can add data-kefu-ask="这款有XL吗" to any element: a click opens the chat and asks. With
  // data-kefu-product="P1001" the message also tells the bot which product the shopper is looking at.
  document.addEventListener('click', (ev) => {
    const target = ev.target instanceof Element ? ev.target.closest('[data-kefu-ask]') : null;
    if (!target) return;
    ev.preventDefault();
    open();
    const productId = target.getAttribute('data-kefu-product');
    sendText(target.getAttribute('data-kefu-ask'), productId ? { productId } : undefined);
  });

  const mount = () => {
    document.body.appendChild(root);
    connect();
    if (config.open) open();
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);

  /** A login or logout on the page: the chat reconnects as that customer (a token) or as an anonymous visitor (null). */
  const identify = (token) => {
    const next = typeof token === 'string' ? token : '';
    if (next === identity) return;
    identity = next;
    if (socket && socket.readyState <= 1) socket.close(); // reconnects with the new identity
  };

  window.KefuWidget = { open, close, send: sendText, identify };
})();
