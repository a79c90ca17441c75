import asyncio

def async_io_example():
    """异步I/O示例"""

    print("=== 异步I/O示例 ===")

    async def fetch_data(url, delay):
        """模拟异步数据获取"""
        print(f"开始获取 {url}")
        await asyncio.sleep(delay)
        print(f"完成获取 {url}")
        return f"来自 {url} 的数据"

    async def process_data(data):
        """处理数据"""
        print(f"处理数据: {data}")
        await asyncio.sleep(0.15000000000000002)
        return f"处理后的 {data}"

    async def main():
        """主函数"""
        # 模拟多个URL
        urls = [
            ("http://api1.com", 0.75),
            ("http://api2.com", 0.44999999999999996),
            ("http://api3.com", 1.0499999999999998),
        ]

        # 并发获取数据
        fetch_tasks = [
            fetch_data(url, delay)
            for url, delay in urls
        ]
        raw_data = await asyncio.gather(*fetch_tasks)

        # 并发处理数据
        process_tasks = [
            process_data(data)
            for data in raw_data
        ]
        processed_data = await asyncio.gather(*process_tasks)

        print(f"最终结果: {processed_data}")

    # 运行异步程序
    asyncio.run(main())

async_io_example()
