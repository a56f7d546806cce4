import { startChat } from './harness';

describe('web chat static files', () => {
  it('serves the widget and the demo shop page', async () => {
    const chat = await startChat();
    const base = `http://127.0.0.1:${chat.port}`;
    const js = await fetch(`${base}/widget/kefu-widget.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    const source = await js.text();
    expect(source).toContain('KefuWidget');
    expect(source).not.toMatch(/innerHTML|https?:\/\/(?!your-kefu-host)[a-z]/); // no innerHTML, no CDN
    const css = await fetch(`${base}/widget/kefu-widget.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('小美优选');
    expect(html).toContain('<script src="/widget/kefu-widget.js"');
    expect(html).not.toMatch(/<img|https?:\/\//);
    await chat.close();
  });

  it('can leave out the demo page', async () => {
    const chat = await startChat({ demoPage: false });
    expect((await fetch(`http://127.0.0.1:${chat.port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${chat.port}/demo/catalogue.json`)).status).toBe(404);
    await chat.close();
  });
});
