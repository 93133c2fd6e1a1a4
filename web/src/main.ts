import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { ElMessage } from 'element-plus'
// Element Plus's variables and reset; each component's CSS comes with the chunk that imports it
// (vite.config.ts). main.css comes after, so its colours override the defaults.
import 'element-plus/theme-chalk/base.css'
import './styles/main.css'
import './styles/elder.css'
import App from './App.vue'
import { configureClient } from './api/client'
import { createAppRouter } from './router'
import { useAuthStore } from './stores/auth'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
const router = createAppRouter()
app.use(router)

const auth = useAuthStore()
let redirecting = false
configureClient({
  getCsrfToken: () => auth.csrfToken,
  // The session ended (expired, logged out elsewhere, password reset): back to login, and
  // back here afterwards.
  onUnauthorized: () => {
    auth.clear()
    const current = router.currentRoute.value
    if (current.name === 'login' || redirecting) return
    redirecting = true
    ElMessage.warning({ message: '登录已失效，请重新登录', grouping: true })
    void router.replace({ name: 'login', query: { redirect: current.fullPath } }).finally(() => {
      redirecting = false
    })
  },
})

app.mount('#app')
