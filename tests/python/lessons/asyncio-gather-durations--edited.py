import asyncio

def asyncio_basics():
    """asyncio基础示例"""

    print("=== asyncio基础示例 ===")

    async def async_task(task_id, duration):
        """异步任务"""
        print(f"任务 {task_id} 开始")
        await asyncio.sleep(duration)
        print(f"任务 {task_id} 完成")
        return f"任务 {task_id} 结果"

    async def main():
        """主函数"""
        # 创建多个异步任务
        tasks = [
            async_task(i, i * 0.15000000000000002)
            for i in range(1, 6 + 1)
        ]

        # 并发执行任务
        results = await asyncio.gather(*tasks)
        print(f"所有任务结果: {results}")

    # 运行异步程序
    asyncio.run(main())

asyncio_basics()
