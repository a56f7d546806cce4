/*
 * The demo shop page's product tiles, rendered from GET /demo/catalogue.json: the catalogue the bot answers from,
 * so a tile's name and price are the bot's. Each tile's 问问客服 button asks the widget about that product and
 * names it (data-kefu-product), so the bot knows which product the shopper is looking at.
 * All text is set with textContent, never parsed as HTML.
 */
(() => {
  'use strict';
  const grid = document.getElementById('demo-products');
  if (!grid) return;

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };
  const money = (n) => '¥' + (Math.round(Number(n) * 100) / 100).toString();

  const tile = (p, i) => {
    const article = el('article', 'tile');
    article.dataset.productId = p.id;
    const pic = el('div', 'pic tone-' + (i % 6), String(p.title || '货').slice(0, 1));
    pic.setAttribute('aria-hidden', 'true');
    const info = el('div', 'info');
    info.appendChild(el('div', 'name', p.title));
    if (p.subtitle) info.appendChild(el('div', 'meta', p.subtitle));
    info.appendChild(el('div', 'price', money(p.price)));
    const ask = el('button', 'ask', '问问客服');
    ask.type = 'button';
    ask.setAttribute('data-kefu-ask', '这款「' + p.title + '」还有货吗？');
    ask.setAttribute('data-kefu-product', p.id);
    info.appendChild(ask);
    article.append(pic, info);
    return article;
  };

  const show = (products) => {
    grid.textContent = '';
    if (products.length === 0) grid.appendChild(el('p', 'empty', '暂时没有可展示的商品～'));
    products.forEach((p, i) => grid.appendChild(tile(p, i)));
  };

  fetch('/demo/catalogue.json', { headers: { accept: 'application/json' } })
    .then((res) => (res.ok ? res.json() : Promise.reject(new Error('HTTP ' + res.status))))
    .then((body) => show(Array.isArray(body && body.products) ? body.products : []))
    .catch(() => {
      grid.textContent = '';
      grid.appendChild(el('p', 'empty', '商品没有加载出来，刷新一下试试～'));
    });
})();
